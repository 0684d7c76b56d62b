import type { Usage } from '../types.js';

/** One request as it goes on the wire: where, and the JSON body. */
export interface ProviderRequest {
  url: string;
  body: object;
}

/** What came back, before the answer is read and validated. */
export interface RawAnswer {
  /** the answer text (for a tool call, its input as JSON) */
  text: string;
  /** the answer already parsed, when the protocol delivers an object */
  value?: unknown;
  usage: Usage;
  /** the response cannot carry an answer (refusal, cut off) */
  problem?: string;
}
