// What a DAL result looks like after JSON: Dates and bigints arrive as strings
// (api/handler.ts jsonResponse). Hooks type their data with it so the UI never assumes a Date.
export type Serialized<T> = T extends Date
  ? string
  : T extends bigint
    ? string
    : T extends Array<infer U>
      ? Array<Serialized<U>>
      : T extends object
        ? { [K in keyof T]: Serialized<T[K]> }
        : T;
