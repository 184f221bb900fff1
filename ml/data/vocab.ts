/**
 * Token ↔ id maps with reserved capacity. Id 0 is padding, 1 is `<unk>`. Capacity above the
 * tokens seen lets continuous learning add new actions without reshaping the model (ml/update.ts).
 */

export const PAD = 0;
export const UNK = 1;

export interface VocabJson {
  tokens: string[];
  capacity: number;
}

export class Vocab {
  readonly tokens: string[];
  readonly capacity: number;
  private readonly ids = new Map<string, number>();

  constructor(json: VocabJson) {
    this.tokens = [...json.tokens];
    this.capacity = json.capacity;
    this.tokens.forEach((t, i) => this.ids.set(t, i));
  }

  /** A vocabulary of `<pad>`, `<unk>`, then `tokens` in order, with room for `capacity` ids. */
  static create(tokens: Iterable<string>, capacity?: number): Vocab {
    const all = ["<pad>", "<unk>"];
    for (const t of tokens) if (!all.includes(t)) all.push(t);
    return new Vocab({ tokens: all, capacity: Math.max(capacity ?? all.length, all.length) });
  }

  get size(): number {
    return this.tokens.length;
  }

  get(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Id of `token`, or `<unk>` (1) when unknown. */
  lookup(token: string): number {
    return this.ids.get(token) ?? UNK;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** Adds `token` when there is room; returns its id, or undefined when the vocabulary is full. */
  add(token: string): number | undefined {
    const known = this.ids.get(token);
    if (known !== undefined) return known;
    if (this.tokens.length >= this.capacity) return undefined;
    this.ids.set(token, this.tokens.length);
    this.tokens.push(token);
    return this.tokens.length - 1;
  }

  toJSON(): VocabJson {
    return { tokens: [...this.tokens], capacity: this.capacity };
  }
}

/** Capacity with ~25% headroom for new actions, rounded up to a multiple of 32. */
export function capacityFor(size: number): number {
  return Math.ceil(Math.max(size * 1.25, size + 16) / 32) * 32;
}

/** `<unk:service>`: the token an unseen action of a known service maps to. */
export function unknownServiceToken(service: string): string {
  return `<unk:${service.toLowerCase()}>`;
}
