/**
 * Tool poisoning: a tool description (or docstring) is text a model reads as instructions.
 * This decides whether one carries hidden instructions: overrides of the model's other
 * instructions, concealment from the user, reads of credentials or data sent to a URL,
 * invisible characters, and `<IMPORTANT>`-style blocks addressed to the model.
 */

export interface ToolDescriptionFinding {
  kind: 'invisible-characters' | 'hidden-block' | 'instruction-override' | 'concealment' | 'credential-access' | 'exfiltration';
  /** what was found, for messages */
  reason: string;
  /** 0-based offsets into the description */
  start: number;
  end: number;
}

/** Zero-width characters, bidirectional controls, the soft hyphen and Unicode tag characters. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;

/** Blocks written for the model: `<IMPORTANT>`, `<SYSTEM>`, `<instructions>`, `[SYSTEM]`, hidden HTML comments. */
const HIDDEN_BLOCK =
  /<\s*(important|system|instructions?|secret|hidden|admin|assistant|sys|critical|note_to_ai|ai[_-]?instructions?)\s*>|\[\s*(system|instructions?|important)\s*\]|<!--[\s\S]*?-->/i;

const OVERRIDE =
  /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|your\s+|every\s+)?(previous|prior|above|earlier|other|system|original|existing)\s+(instructions?|prompts?|rules|directives|guidelines|tools?)\b|\bnew\s+(system\s+)?instructions?\s*:|\byou\s+are\s+now\s+(in\s+)?(developer|admin|god|jailbreak)|\binstead\s+of\s+(using\s+)?the\s+\w+\s+tool,?\s+(always\s+)?use\b|\bwhen\s+(the\s+user|asked)\b[^.]{0,60}\b(always|instead)\s+(call|use|send)\b/i;

const CONCEALMENT =
  /\b(do\s+not|don'?t|never|must\s+not)\s+(tell|mention|inform|reveal|disclose|notify|show|alert|let)\b[^.]{0,40}\buser\b|\bwithout\s+(telling|informing|notifying|alerting|asking)\s+the\s+user\b|\b(the\s+)?user\s+(must|should)\s+(not|never)\s+(know|see|be\s+told|notice)\b|\bkeep\s+(this|it)\s+(secret|hidden|confidential)\s+from\b|\b(silently|secretly|covertly)\s+(send|read|include|append|forward|upload|call)\b/i;

const SENSITIVE = /(~\/\.ssh|\bid_(rsa|ed25519|ecdsa)\b|\.aws\/credentials|\/etc\/(passwd|shadow)|\.npmrc|\.netrc|\.pgpass|(^|[\s/'"`])\.env\b|mcp\.json|claude_desktop_config|\.cursor\/|\.kube\/config|private[_\s-]?keys?\b|api[_\s-]?keys?\b|credentials?\b|passwords?\b|secrets?\b)/i;
const READ_VERBS = /\b(read|cat|open|load|include|pass|send|attach|append|upload|copy|provide|add|put)\b/i;

const URL = /\bhttps?:\/\/[^\s"'<>`)]+/i;
const SEND_TO = /\b(send|post|upload|forward|transmit|submit|report|exfiltrate|leak|log)\b[^.\n]{0,80}\bto\b[^.\n]{0,40}https?:\/\//i;

/** The description is about catching attacks on a model (a guard or classifier tool), so it may quote one. */
const ABOUT_ATTACKS = /\b(?:prompt[\s-]injections?|jailbreaks?|detect(?:s|ed|ing|ion|or)?|malicious|threats?|attacks?)\b/i;
const OPENING_QUOTE = /["'`\u2018\u201C\u00AB]\s*$/;
/** an attack described, not ordered: "Attempts to override system instructions" */
const ATTEMPT = /\b(?:attempts?|attempting|attempted|tries|trying|tried)\s+to\s+$/i;

/**
 * The first override instruction the description uses rather than mentions: in the description
 * of a tool that detects prompt injection, `'Ignore previous instructions...'` in quotation
 * marks, or "attempts to override system instructions", names what it catches; it is not an
 * instruction to the model.
 */
const OVERRIDE_ALL = new RegExp(OVERRIDE.source, 'gi');

function overrideUsed(text: string): RegExpExecArray | null {
  // (most descriptions have no override, or are not about attacks: the first match is the answer)
  const first = OVERRIDE.exec(text);
  if (!first || !ABOUT_ATTACKS.test(text)) return first;
  OVERRIDE_ALL.lastIndex = 0;
  for (let m = OVERRIDE_ALL.exec(text); m; m = OVERRIDE_ALL.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    if (!OPENING_QUOTE.test(before.slice(-3)) && !ATTEMPT.test(before)) return m;
  }
  return null;
}

function found(kind: ToolDescriptionFinding['kind'], reason: string, m: RegExpExecArray | null, text: string): ToolDescriptionFinding | undefined {
  if (!m) return undefined;
  return { kind, reason, start: m.index, end: Math.min(text.length, m.index + m[0].length) };
}

/** The hidden instructions in a tool description, most telling first; empty when it reads as documentation. */
export function classifyToolDescription(text: string): ToolDescriptionFinding[] {
  if (typeof text !== 'string' || text.length < 4) return [];
  const out: (ToolDescriptionFinding | undefined)[] = [];
  out.push(found('invisible-characters', 'invisible or bidirectional control characters', INVISIBLE.exec(text), text));
  out.push(found('hidden-block', 'a block addressed to the model', HIDDEN_BLOCK.exec(text), text));
  out.push(found('instruction-override', 'an instruction to override other instructions', overrideUsed(text), text));
  out.push(found('concealment', 'an instruction to hide what it does from the user', CONCEALMENT.exec(text), text));
  // credentials or configuration files named together with a verb that reads or passes them
  const sensitive = SENSITIVE.exec(text);
  if (sensitive) {
    const around = text.slice(Math.max(0, sensitive.index - 80), sensitive.index + sensitive[0].length + 40);
    if (READ_VERBS.test(around) && (/[~/.]/.test(sensitive[0]) || /\b(read|cat|open|pass|send|include)\b[^.]{0,40}\b(contents?|file)\b/i.test(around)))
      out.push(found('credential-access', `an instruction to read ${sensitive[0].trim()}`, sensitive, text));
  }
  if (URL.test(text)) out.push(found('exfiltration', 'an instruction to send data to a URL', SEND_TO.exec(text), text));
  return out.filter((f): f is ToolDescriptionFinding => f !== undefined);
}
