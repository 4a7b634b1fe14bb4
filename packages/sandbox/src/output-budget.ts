import { type Masker, maskHead } from './mask-output.ts';

export type LogLevel = 'info' | 'warn' | 'error';

/** One line a script logged, after masking and the output limit. */
export interface LogLine {
  /** 0-based position within the run attempt; clients order and de-duplicate by it. */
  seq: number;
  level: LogLevel;
  message: string;
  /** ISO 8601 time the host received the line. */
  at: string;
}

const TRUNCATION_NOTICE = '[output truncated: the run reached its output limit]';
// Log lines leave this much room, so the truncation notice and the note that replaces a
// result too large to keep both still fit within the limit.
const RESERVED_BYTES = Buffer.byteLength(TRUNCATION_NOTICE) + 1 + 128;

/**
 * Counts a run's output (log lines, then the result) against one byte limit, in UTF-8 bytes
 * after masking plus one byte per line for its line break, so empty lines count too. The
 * limit includes the truncation notice, so stored output never exceeds it.
 */
export class OutputBudget {
  readonly maxBytes: number;
  private readonly mask: Masker;
  private usedBytes = 0;
  private nextSeq = 0;
  private exhausted = false;

  constructor(maxBytes: number, mask: Masker) {
    this.maxBytes = maxBytes;
    this.mask = mask;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get truncated(): boolean {
    return this.exhausted;
  }

  /** Bytes still free for the result. */
  get remainingBytes(): number {
    return Math.max(0, this.maxBytes - this.usedBytes);
  }

  /**
   * Masks a line and takes it into the budget. Returns the lines to emit: the line itself,
   * its cut-down start plus the truncation notice when it crosses the limit, or nothing once
   * the limit was reached. Only the part of a long line that can still fit is masked.
   */
  addLog(level: LogLevel, text: string, at: Date): LogLine[] {
    if (this.exhausted) return [];
    const room = this.maxBytes - this.usedBytes - RESERVED_BYTES;
    // UTF-8 needs at least one byte per UTF-16 code unit, so characters beyond `room` fit
    // only when masking shortens the text. maskHead therefore masks `mask.reach` more.
    const head = maskHead(text, room, this.mask);
    const message = head.text;
    const size = Buffer.byteLength(message) + 1;
    if (!head.truncated && size <= room) {
      this.usedBytes += size;
      return [this.line(level, message, at)];
    }

    this.exhausted = true;
    const lines: LogLine[] = [];
    const cut = cutToBytes(message, Math.max(0, room - 1));
    if (cut.length > 0) {
      lines.push(this.line(level, cut, at));
      this.usedBytes += Buffer.byteLength(cut) + 1;
    }
    lines.push(this.line('warn', TRUNCATION_NOTICE, at));
    this.usedBytes += Buffer.byteLength(TRUNCATION_NOTICE) + 1;
    return lines;
  }

  /**
   * Takes the masked result's JSON text into the budget. Returns the text, or a short JSON
   * note in its place when it does not fit in what is left.
   */
  addResult(json: string): string {
    const size = Buffer.byteLength(json);
    if (size <= this.maxBytes - this.usedBytes) {
      this.usedBytes += size;
      return json;
    }
    return this.omitResult(size);
  }

  /** Returns the JSON note that replaces a result of `size` bytes that does not fit. */
  omitResult(size: number): string {
    this.exhausted = true;
    const note = JSON.stringify({
      omitted: `The result (${size} bytes) did not fit in the ${this.maxBytes}-byte output limit.`,
    });
    this.usedBytes += Buffer.byteLength(note);
    return note;
  }

  private line(level: LogLevel, message: string, at: Date): LogLine {
    const line = { seq: this.nextSeq, level, message, at: at.toISOString() };
    this.nextSeq += 1;
    return line;
  }
}

/** Returns the longest prefix of `text` that fits in `maxBytes` UTF-8 bytes, without splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
