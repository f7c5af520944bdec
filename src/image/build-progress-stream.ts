// Splits the stderr of `docker buildx build --progress=rawjson` into BuildKit solve-status
// events and plain text lines. buildx 0.13 pretty-prints each event over many lines (an object
// opens with `{` and closes with `}` at column 0); newer releases may print one object per line.
// Anything else on stderr (BuildKit's final `ERROR: failed to solve: ...` block, the Dockerfile
// excerpt, warnings) is plain text that must reach the user unchanged. Pure, fed line by line.

/** One vertex (build step) as BuildKit reports it; each event carries its whole current state. */
export interface RawVertex {
  digest: string;
  name?: string;
  inputs?: string[];
  cached?: boolean;
  started?: string;
  completed?: string;
  error?: string;
}

/** A sub-task of a vertex, e.g. `transferring context: 604kB`. */
export interface RawVertexStatus {
  id: string;
  vertex: string;
  name?: string;
  current?: number;
  total?: number;
  timestamp?: string;
  started?: string;
  completed?: string;
}

/** Process output of a RUN step; `data` is base64, `stream` 1 = stdout, 2 = stderr. */
export interface RawVertexLog {
  vertex: string;
  stream?: number;
  data?: string;
  timestamp?: string;
}

export interface RawVertexWarning {
  vertex: string;
  level?: number;
  /** Base64. */
  short?: string;
}

export interface RawSolveStatus {
  vertexes?: RawVertex[];
  statuses?: RawVertexStatus[];
  logs?: RawVertexLog[];
  warnings?: RawVertexWarning[];
}

export type RawjsonItem =
  { kind: 'status'; status: RawSolveStatus } | { kind: 'text'; line: string };

export interface RawjsonSplitter {
  /** Feeds one line (without its newline); returns the items it completed. */
  push(line: string): RawjsonItem[];
  /** Flushes an unterminated object as text lines (the stream ended mid-object). */
  end(): RawjsonItem[];
}

export function createRawjsonSplitter(): RawjsonSplitter {
  let pending: string[] | undefined;
  return {
    push(line) {
      if (pending === undefined) {
        // A pretty-printed object opens with a lone `{`; a compact one fits on its line.
        if (line === '{') {
          pending = [line];
          return [];
        }
        const single = line.startsWith('{') ? parseStatus(line) : undefined;
        return [single === undefined ? { kind: 'text', line } : { kind: 'status', status: single }];
      }
      pending.push(line);
      // Nested objects are indented, so only the top-level object closes at column 0.
      if (!line.startsWith('}')) return [];
      const lines = pending;
      pending = undefined;
      const status = parseStatus(lines.join('\n'));
      return status === undefined
        ? lines.map((text) => ({ kind: 'text', line: text }))
        : [{ kind: 'status', status }];
    },
    end() {
      const lines = pending ?? [];
      pending = undefined;
      return lines.map((text) => ({ kind: 'text', line: text }));
    },
  };
}

function parseStatus(text: string): RawSolveStatus | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const known = ['vertexes', 'statuses', 'logs', 'warnings'];
  if (!known.some((key) => Array.isArray(record[key]))) return undefined;
  return record as RawSolveStatus;
}
