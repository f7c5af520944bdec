// `cog serve --watch` inside the container: the runtime watches its working directory (the
// project, bind-mounted at /src by cog serve) and reloads the predictor on every change. The
// runtime watches rather than the CLI signalling it, so a save reaches the worker with no
// round trip through Docker: inotify event → debounce → RuntimeCore.reload().
import type { WatchMode } from '../runtime-config.ts';
import type { RuntimeCore } from './runtime-core.ts';
import { SourceWatcher } from './source-watcher.ts';

export interface WatchReloadOptions {
  root: string;
  mode: Exclude<WatchMode, 'off'>;
  log(message: string): void;
  warn(message: string): void;
  /** Quiet period that folds one save's several events (write, rename, chmod) into one reload. */
  debounceMs?: number;
}

export function watchAndReload(core: RuntimeCore, options: WatchReloadOptions): SourceWatcher {
  const watcher = new SourceWatcher({
    root: options.root,
    debounceMs: options.debounceMs ?? 50,
    warn: options.warn,
    onChange: (paths) => {
      const started = performance.now();
      const shown = paths.length > 3 ? `${paths.slice(0, 3).join(', ')}, …` : paths.join(', ');
      options.log(`${shown} changed: reloading the predictor`);
      void core.reload({ force: options.mode === 'force' }).then(() => {
        const ms = Math.round(performance.now() - started);
        const status = core.service.setup.status;
        if (status === 'READY') options.log(`reloaded in ${ms} ms`);
        else options.warn(`reload failed (${status}); fix the code and save again`);
      });
    },
  });
  core.attach({ stopAccepting: () => watcher.close(), close: () => watcher.close() });
  return watcher;
}
