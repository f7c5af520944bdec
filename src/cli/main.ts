// Entry point of the `cog` CLI bundle. Kept tiny so `cog --version` loads almost nothing;
// each command module is imported only when that command runs.
import { Command } from 'commander';

declare const __COG_VERSION__: string;

const program = new Command('cog').version(__COG_VERSION__, '--version');
await program.parseAsync(process.argv);
