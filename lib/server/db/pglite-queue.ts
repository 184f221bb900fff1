// PGlite is one PostgreSQL session; pglite-socket shares it between client connections by queueing
// their protocol messages. Its queue (0.2.17) keeps a connection's messages together only inside a
// transaction, so two clients' extended-protocol sequences (Parse/Bind/Execute … Sync) interleave —
// "bind message supplies 3 parameters, but prepared statement "" requires 2" — and one failed
// message leaves the queue stuck. This replaces its scheduler: a connection keeps the session from
// its first message of a unit until the Sync or simple Query that ends it (and for the whole of a
// transaction), and a failure releases the queue.
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  pinned?: boolean;
  db: { isInTransaction(): boolean; runExclusive<T>(fn: () => Promise<T>): Promise<T>; execProtocolRawStream(m: Uint8Array, o: { onRawData: (d: Uint8Array) => void }): Promise<void> };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PASSWORD = 0x70; // 'p'
const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;

/** Whether the session must stay with this connection after `message` (a unit has begun). */
export function opensUnit(message: Uint8Array): boolean {
  if (message.length >= 8) {
    const code = new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4);
    if (code === PROTOCOL_3 || code === SSL_REQUEST) return false; // startup packets carry no type byte
  }
  const type = message[0];
  return type !== SYNC && type !== QUERY && type !== TERMINATE && type !== PASSWORD;
}

export function patchQueryQueue(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueueInternals }).queryQueue;
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    if (q.lastHandlerId === handlerId) q.pinned = false;
    clear(handlerId);
  };
  q.processQueue = async function processQueue(this: QueueInternals) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.lastHandlerId;
        const isPinned = owner !== null && (this.pinned === true || this.db.isInTransaction());
        let item: QueuedMessage | undefined;
        if (isPinned) {
          const at = this.queue.findIndex((m) => m.handlerId === owner);
          if (at === -1) break; // the owner's next message wakes the queue again
          item = this.queue.splice(at, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        let bytes = 0;
        const current = item;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          this.lastHandlerId = current.handlerId;
          this.pinned = false;
          current.reject(error);
          continue;
        }
        this.lastHandlerId = current.handlerId;
        this.pinned = opensUnit(current.message);
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);
}
