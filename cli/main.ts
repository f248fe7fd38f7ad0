// The outside-in command line (run through cli/outside-in.js).
import { analyzeCommand } from "./analyze/command.ts";
import { MAIN_HELP } from "./analyze/help.ts";

const output = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};
const [command, ...args] = process.argv.slice(2);
if (command === "analyze") {
  process.exitCode = await analyzeCommand(args, output);
} else if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  output.out(MAIN_HELP);
} else {
  output.err(`outside-in: unknown command "${command}"\n${MAIN_HELP}`);
  process.exitCode = 2;
}
