/** Keeps the last `limit` bytes written to it (stdout and stderr interleaved as they came). */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes dropped from the front so far. */
  dropped = 0;

  constructor(private readonly limit: number) {}

  write(chunk: Buffer): void {
    if (chunk.length >= this.limit) {
      this.dropped += this.size + chunk.length - this.limit;
      this.chunks = [chunk.subarray(chunk.length - this.limit)];
      this.size = this.limit;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      const head = this.chunks.shift()!;
      this.size -= head.length;
      this.dropped += head.length;
    }
    if (this.size > this.limit) {
      const cut = this.size - this.limit;
      this.chunks[0] = this.chunks[0].subarray(cut);
      this.size -= cut;
      this.dropped += cut;
    }
  }

  /** The kept bytes as text (a multi-byte character cut at the front shows as U+FFFD). */
  toString(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }
}
