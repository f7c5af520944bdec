// `cog debug`'s options as read off a raw option bag. Its own module, free of commander, so
// that the fast path (fast-debug.ts) reads the bag its classifier builds with the same reader
// as the debug command reads commander's.
import {
  numberOf,
  readBaseImageFlags,
  readConfigFile,
  stringOf,
  type BaseImageFlags,
  type ConfigFileFlags,
  type RawOptions,
} from '../flags.ts';

export interface DebugOptions extends ConfigFileFlags, BaseImageFlags {
  /** `--image-name`: the image the weights image is named after (`<name>-weights`). */
  imageName: string | undefined;
  separateWeights: boolean;
  timestamp: number;
  /** Hidden `--dockerfile`: registered, ignored. */
  dockerfile: string | undefined;
}

export function readDebugOptions(raw: RawOptions): DebugOptions {
  return {
    ...readConfigFile(raw),
    ...readBaseImageFlags(raw),
    imageName: stringOf(raw['imageName']),
    separateWeights: raw['separateWeights'] === true,
    timestamp: numberOf(raw['timestamp'], -1),
    dockerfile: stringOf(raw['dockerfile']),
  };
}
