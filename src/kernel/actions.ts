/** What the kernel decides: the actions of the runtime API and custom kinds (a leaf module both the policies and the API types use). */
import type { Action } from '../policy/types.js';

/** An action of a kind the kernel has no classifier for; only `Policy.custom` policies decide it. */
export interface CustomAction {
  kind: string;
  [field: string]: unknown;
}

export type KernelAction = Action | CustomAction;
