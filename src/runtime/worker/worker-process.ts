// The worker as a child process: spawn the launcher's command (`python -m cog._worker`, or node
// on the Node worker) with the two control pipes (fd 3 parent→worker, fd 4 worker→parent),
// decode its frames, forward its raw fd 1/2 output, and report its exit. Knows nothing about
// predictions; PredictionService gives the messages meaning.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { encodeFrame, FrameDecoder } from './frame-codec.ts';
import { asWorkerMessage, type ParentMessage, type WorkerMessage } from './worker-messages.ts';

export interface WorkerProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** "the Python worker", for the error when it cannot be started. */
  description: string;
}

export interface WorkerListener {
  message(message: WorkerMessage): void;
  rawOutput(stream: 'stdout' | 'stderr', text: string): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #control: Writable;
  #exited = false;
  readonly exited: Promise<void>;

  constructor(options: WorkerProcessOptions, listener: WorkerListener) {
    this.#child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    const stdio = this.#child.stdio;
    this.#control = stdio[3] as Writable;
    // EPIPE after the worker died is reported through `exit`, not as an uncaught error.
    this.#control.on('error', () => {});
    this.#pipeRaw(stdio[1] as Readable, 'stdout', listener);
    this.#pipeRaw(stdio[2] as Readable, 'stderr', listener);
    this.#readFrames(stdio[4] as Readable, listener);
    this.exited = new Promise((resolve) => {
      this.#child.on('error', (error) => {
        listener.rawOutput(
          'stderr',
          `cannot start ${options.description} (${options.command}): ${error.message}\n`,
        );
        this.#markExited();
        listener.exit(127, null);
        resolve();
      });
      this.#child.on('close', (code, signal) => {
        if (this.#exited) return;
        this.#markExited();
        listener.exit(code, signal);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return !this.#exited;
  }

  send(message: ParentMessage): void {
    if (this.#exited) return;
    this.#control.write(encodeFrame(message));
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.#exited) this.#child.kill(signal);
  }

  /** Close the control pipe (the worker exits on EOF) and escalate to SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (this.#exited) return;
    this.#control.end();
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #markExited(): void {
    this.#exited = true;
  }

  #pipeRaw(stream: Readable, name: 'stdout' | 'stderr', listener: WorkerListener): void {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      if (text) listener.rawOutput(name, text);
    });
    stream.on('end', () => {
      const rest = decoder.end();
      if (rest) listener.rawOutput(name, rest);
    });
  }

  #readFrames(stream: Readable, listener: WorkerListener): void {
    const decoder = new FrameDecoder();
    stream.on('data', (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = decoder.push(chunk);
      } catch (error) {
        listener.rawOutput('stderr', `corrupt worker frame: ${(error as Error).message}\n`);
        this.signal('SIGKILL');
        return;
      }
      for (const raw of messages) {
        try {
          listener.message(asWorkerMessage(raw));
        } catch (error) {
          listener.rawOutput('stderr', `${(error as Error).message}\n`);
        }
      }
    });
  }
}
