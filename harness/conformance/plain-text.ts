// Reasons go into records, certificates and JUnit files: plain text only. Terminal control sequences
// (colour codes from an assertion library, …) are removed; other control characters but tab and newline
// become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC and the C0/C1 controls are what is removed
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, ' ');
}
