/**
 * GitHub's own workflow and action grammar (@actions/workflow-parser, the parser behind
 * GitHub's Actions language services). Its modules import their JSON schema without an
 * import attribute, which Node's loader refuses; a loader hook adds the attribute for that
 * package's JSON files only.
 */
import { register } from 'node:module';

const HOOK = `export async function load(url, context, next) {
  if (url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return next(url, context);
}`;

let registered = false;

export interface Grammar {
  /** schema errors and conversion errors of a workflow file; empty when GitHub would accept it */
  workflowErrors(name: string, content: string): Promise<string[]>;
  /** schema errors of an action.yml */
  actionErrors(name: string, content: string): Promise<string[]>;
}

export async function workflowGrammar(): Promise<Grammar> {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    registered = true;
  }
  const wp = await import('@actions/workflow-parser');
  const actions = await import('@actions/workflow-parser/actions/index');
  return {
    async workflowErrors(name, content) {
      const parsed = wp.parseWorkflow({ name, content }, new wp.NoOperationTraceWriter());
      const errors = parsed.context.errors.getErrors().map((e) => e.message);
      if (errors.length || !parsed.value) return errors.length ? errors : ['no workflow'];
      const template = await wp.convertWorkflowTemplate(parsed.context, parsed.value);
      return (template.errors ?? []).map((e) => e.Message);
    },
    async actionErrors(name, content) {
      const parsed = actions.parseAction({ name, content }, new wp.NoOperationTraceWriter());
      const errors = parsed.context.errors.getErrors().map((e) => e.message);
      if (errors.length || !parsed.value) return errors.length ? errors : ['no action'];
      actions.convertActionTemplate(parsed.context, parsed.value);
      return parsed.context.errors.getErrors().map((e) => e.message);
    },
  };
}
