/**
 * What a receiver recorded, kept in a few growing typed arrays instead of one object and one
 * Buffer per frame. With 9 000 frames/s retained, per-frame objects made the harness's young-GC
 * pauses grow to 20–120 ms (measured with --trace-gc), i.e. the harness measured itself. Typed
 * array storage lives outside the scavenged heap, so recording costs a copy and nothing more.
 */
export class FrameLog {
  private times = new Float64Array(64);
  private ends = new Uint32Array(64);
  private bytes = new Uint8Array(4096);
  private used = 0;
  count = 0;

  push(t: number, data: Uint8Array): void {
    if (this.count === this.times.length) {
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    if (this.used + data.length > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.used + data.length));
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
    }
    this.bytes.set(data, this.used);
    this.used += data.length;
    this.times[this.count] = t;
    this.ends[this.count] = this.used;
    this.count += 1;
  }

  time(index: number): number {
    return this.times[index]!;
  }

  /** A view (not a copy) of frame `index`. */
  data(index: number): Uint8Array {
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return this.bytes.subarray(start, this.ends[index]!);
  }
}
