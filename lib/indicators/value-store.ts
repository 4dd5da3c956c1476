/**
 * The validated values of an import, held compactly: one typed array per numeric column and each
 * text column dictionary-encoded (a file repeats its few indicator ids, units, sources and periods
 * thousands of times). 100 000 rows take about 4 MB here, where 100 000 row objects with their
 * own strings took about 80 MB of heap; rows become objects only when read one at a time.
 */
import type { RegionCode } from "../model/enums";

/** One value as the import writes it (the row's line kept for error reports). */
export interface ImportedValue {
  line: number;
  indicatorId: string;
  regionCode: RegionCode | null;
  regionLabel: string;
  period: string | null;
  /** Null = suppressed or not given (stored as null, shown as such, never as 0). */
  value: number | null;
  unit: string;
  source: string;
  sourceRef: string;
}

/** Strings by number and numbers by string; index 0 is reserved for "none". */
class Dictionary {
  private readonly indexOf = new Map<string, number>();
  readonly strings: (string | null)[] = [null];

  add(text: string | null): number {
    if (text === null) return 0;
    let index = this.indexOf.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(text);
      this.indexOf.set(text, index);
    }
    return index;
  }

  get(index: number): string | null {
    return this.strings[index] ?? null;
  }
}

export const TEXT_COLUMNS = ["indicatorId", "regionCode", "regionLabel", "period", "unit", "source", "sourceRef"] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export class ValueStore {
  private size = 0;
  private lines = new Int32Array(1024);
  private numbers = new Float64Array(1024);
  private readonly codes: Record<TextColumn, Int32Array> = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, new Int32Array(1024)])) as Record<TextColumn, Int32Array>;
  private readonly dictionaries: Record<TextColumn, Dictionary> = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, new Dictionary()])) as Record<TextColumn, Dictionary>;

  get length(): number {
    return this.size;
  }

  push(value: ImportedValue): void {
    this.pushCodes(value.line, value.value, TEXT_COLUMNS.map((column) => this.code(column, value[column])));
  }

  /** The dictionary number of a text (0 for null); a new text is added. */
  code(column: TextColumn, text: string | null): number {
    return this.dictionaries[column].add(text);
  }

  /**
   * A row given as dictionary numbers (from `code`), in TEXT_COLUMNS order: how the validator adds
   * rows without making an object per row.
   */
  pushCodes(line: number, value: number | null, codes: readonly number[]): void {
    if (this.size === this.lines.length) this.grow();
    const at = this.size++;
    this.lines[at] = line;
    // NaN marks null: a parsed value is never NaN.
    this.numbers[at] = value ?? Number.NaN;
    for (let column = 0; column < TEXT_COLUMNS.length; column++) this.codes[TEXT_COLUMNS[column]!][at] = codes[column]!;
  }

  /** Row `index` as an object (made on demand, not kept). */
  at(index: number): ImportedValue {
    const text = (column: TextColumn) => this.dictionaries[column].get(this.codes[column][index]!);
    const number = this.numbers[index]!;
    return {
      line: this.lines[index]!,
      indicatorId: text("indicatorId")!,
      regionCode: text("regionCode") as RegionCode | null,
      regionLabel: text("regionLabel")!,
      period: text("period"),
      value: Number.isNaN(number) ? null : number,
      unit: text("unit")!,
      source: text("source")!,
      sourceRef: text("sourceRef")!,
    };
  }

  /** The distinct indicator ids, in the order they first appear. */
  indicatorIds(): string[] {
    return this.dictionaries.indicatorId.strings.slice(1) as string[];
  }

  toArray(): ImportedValue[] {
    return Array.from({ length: this.size }, (_, index) => this.at(index));
  }

  private grow(): void {
    const capacity = this.lines.length * 2;
    const grown = <T extends Int32Array | Float64Array>(array: T): T => {
      const next = new (array.constructor as new (length: number) => T)(capacity);
      next.set(array);
      return next;
    };
    this.lines = grown(this.lines);
    this.numbers = grown(this.numbers);
    for (const column of TEXT_COLUMNS) this.codes[column] = grown(this.codes[column]);
  }
}
