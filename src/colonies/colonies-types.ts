// The ColonyOS JSON shapes Cog uses (github.com/colonyos/colonies v1.9.12, pkg/core), only the
// fields we read or write. Go encodes every field, so replies carry more than is typed here.

/** Process states (pkg/core/process.go). */
export const ProcessState = {
  waiting: 0,
  running: 1,
  success: 2,
  failed: 3,
  cancelled: 4,
} as const;
export type ProcessStateValue = (typeof ProcessState)[keyof typeof ProcessState];

/** The terminal states a waiting client watches for. */
export const FINAL_STATES: readonly ProcessStateValue[] = [
  ProcessState.success,
  ProcessState.failed,
  ProcessState.cancelled,
];

export interface Conditions {
  colonyname: string;
  executortype: string;
  executornames?: string[] | null;
}

export interface FunctionSpec {
  funcname: string;
  kwargs: Record<string, unknown>;
  args?: unknown[];
  conditions: Conditions;
  /** Seconds; > 0 or -1. Never 0: the server fails the process about 1 s after assignment. */
  maxexectime: number;
  /** Retries after an exec-time expiry; -1 is unlimited. */
  maxretries: number;
  /** Seconds in the queue before FAILED; 0 or -1 is no limit. */
  maxwaittime: number;
  priority?: number;
  label?: string;
  env?: Record<string, string>;
  channels?: string[];
}

export interface Process {
  processid: string;
  state: ProcessStateValue;
  assignedexecutorid: string;
  isassigned: boolean;
  retries: number;
  spec: FunctionSpec;
  out: unknown[] | null;
  errors: string[] | null;
  submissiontime: string;
  starttime: string;
  endtime: string;
}

export interface Executor {
  executorid: string;
  executortype: string;
  executorname: string;
  colonyname: string;
  state?: number;
}

/** A catalogue entry (addfunctionmsg / getfunctionsmsg): what an executor offers. */
export interface FunctionEntry {
  executorname: string;
  executortype: string;
  colonyname: string;
  funcname: string;
  description?: string;
  args?: {
    name: string;
    type: string;
    description?: string;
    required?: boolean;
    enum?: unknown[];
  }[];
}

export interface LogEntry {
  processid: string;
  executorname: string;
  message: string;
  /** Unix time in nanoseconds (the `since` cursor of getlogsmsg). */
  timestamp: number;
}

/** One channel entry as the server returns it; `payload` is base64 (Go []byte). */
export interface ChannelEntry {
  sequence: number;
  senderid: string;
  payload: string | null;
  type?: string;
  error?: string;
}

/** Channel entry types (`payloadtype` on append, `type` on read). */
export type ChannelEntryType = 'data' | 'end' | 'error';
