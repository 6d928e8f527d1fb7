// A typed violation of a frame rule: which rule, where (byte offset or field path), expected vs actual.
import { FRAME_RULES, type FrameRuleId } from './frame-rules.ts';

export class FrameError extends Error {
  override readonly name = 'FrameError';

  constructor(
    readonly rule: FrameRuleId,
    /** Field name as in the spec (`EHD2`, `OPC`, `property[2].PDC`) or an encoder input path. */
    readonly field: string,
    /** Byte offset in the frame; -1 when raised by the encoder on an input object. */
    readonly offset: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    const { text, clause } = FRAME_RULES[rule];
    const where = offset >= 0 ? `${field} at byte ${offset}` : field;
    super(`${where}: ${text}; expected ${expected}, got ${actual} (${clause})`);
  }

  get clause(): string {
    return FRAME_RULES[this.rule].clause;
  }
}
