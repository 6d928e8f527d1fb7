// A set of listeners, as every transport keeps them: adding returns the function that removes that one
// registration (the same function added twice is two registrations), and emitting calls a snapshot, so a
// listener may remove itself or others while it runs.

export class Listeners<T> {
  private readonly entries = new Set<{ readonly listener: (value: T) => void }>();

  add(listener: (value: T) => void): () => void {
    const entry = { listener };
    this.entries.add(entry);
    return () => {
      this.entries.delete(entry);
    };
  }

  emit(value: T): void {
    for (const { listener } of [...this.entries]) listener(value);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
