/** `export` and `replay`: the capture commands, each with its own flags. */
import { UsageError } from './args';
import { EXPORT_USAGE, exportCommand, parseExportArgs } from './exportCommand';
import { parseReplayArgs, REPLAY_USAGE, replayCommand } from './replayCommand';

const NAMES = ['export', 'replay'] as const;
type CaptureCommand = (typeof NAMES)[number];

export function isCaptureSubcommand(name: string | undefined): name is CaptureCommand {
  return (NAMES as readonly (string | undefined)[]).includes(name);
}

export async function captureSubcommand(name: CaptureCommand, argv: string[]): Promise<number> {
  try {
    if (name === 'export') {
      const options = parseExportArgs(argv);
      if (options === 'help') return help(EXPORT_USAGE);
      return await exportCommand(options);
    }
    const options = parseReplayArgs(argv);
    if (options === 'help') return help(REPLAY_USAGE);
    return await replayCommand(options);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`telemetry-inspector: ${err.message}\n`);
    return 1;
  }
}

function help(text: string): number {
  process.stdout.write(text + '\n');
  return 0;
}
