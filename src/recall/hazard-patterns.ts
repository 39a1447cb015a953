/**
 * The built-in lexical patterns of the hazard filter (D12): wordings that address an AI
 * model with instructions. Each has a stable id that appears in verdict reasons as
 * `pattern:<id>`. They aim at instructions, not at the topic: "prompt injection is an attack
 * on language models" matches none, while a quoted payload ("ignore all previous
 * instructions") does, since quoting it does not stop a model from obeying it.
 */

/** One pattern with its id. */
export interface HazardPattern {
  readonly id: string;
  readonly pattern: RegExp;
}

const ai = String.raw`(?:AI|A\.I\.|assistant|chat\s?bot|LLM|language\s+model|agent|GPT|ChatGPT|Claude|Copilot|Gemini|bot)`;

/** The built-in set; every pattern is case-insensitive and applied to normalized text. */
export const hazardPatterns: readonly HazardPattern[] = [
  {
    id: 'ignore-instructions',
    pattern: new RegExp(String.raw`\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon)\b[\s\w,'-]{0,40}?\b(?:previous|prior|above|earlier|preceding|foregoing|original|initial|former|all|any|your|system|developer)\b[\s\w,'-]{0,20}?\b(?:instructions?|prompts?|directions|directives?|rules|guidelines|guidance|commands|constraints|programming|orders)\b`, 'i'),
  },
  { id: 'forget-everything', pattern: /\bforget\s+(?:everything|all)\s+(?:you\s+(?:know|were\s+told|have\s+been\s+told)|above|before|prior)\b/i },
  {
    id: 'role-reassignment',
    pattern: new RegExp(String.raw`\byou\s+are\s+(?:now|no\s+longer)\s+(?:an?\s+)?(?:${ai}|DAN|unrestricted|unfiltered|uncensored|jailbroken|free\s+(?:of|from)|bound\s+by|restricted|evil|malicious)`, 'i'),
  },
  { id: 'from-now-on', pattern: /\bfrom\s+now\s+on,?\s+(?:you\s+)?(?:will\s+|must\s+|shall\s+|are\s+to\s+)?(?:act|respond|answer|behave|reply|ignore|obey|pretend|role-?play)\b/i },
  { id: 'act-unrestricted', pattern: /\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+(?:were|are)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|DAN|AI\s+without)\b/i },
  { id: 'pretend-unrestricted', pattern: /\bpretend\s+(?:that\s+)?you\s+(?:are|have|were)\s+(?:an?\s+)?(?:no\s+(?:restrictions|rules|limits|filters|guidelines)|unrestricted|unfiltered|jailbroken|evil|DAN)\b/i },
  { id: 'jailbreak', pattern: /\b(?:do\s+anything\s+now|jailbr(?:eak|oken)\s+mode|DAN\s+mode|developer\s+mode\s+(?:enabled|output|is\s+on)|no\s+(?:ethical|moral)\s+(?:guidelines|restrictions|constraints|limits))\b/i },
  {
    id: 'prompt-leak',
    pattern: /\b(?:reveal|print|show|repeat|output|display|leak|tell\s+me|give\s+me|write\s+out|dump)\b[^.\n]{0,40}\b(?:your|the)\s+(?:system\s+prompt|initial\s+prompt|hidden\s+prompt|original\s+instructions|system\s+message|instructions\s+above|developer\s+message|hidden\s+instructions)\b/i,
  },
  { id: 'chat-template', pattern: /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|assistant)>/i },
  { id: 'role-label', pattern: /^\s*(?:system|assistant|developer)\s*(?:prompt)?\s*:\s*(?:you\s+(?:are|must|will|should)|ignore|new\s+instructions|from\s+now\s+on)/im },
  {
    id: 'addressed-to-ai',
    pattern: new RegExp(String.raw`\b(?:(?:note|message|instructions?|attention|directive)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?${ai}s?\b|if\s+you\s+are\s+(?:an?\s+)?${ai}\b|(?:dear|hey)\s+${ai}\b|${ai}s?\s+(?:instructions?|directive)\s*:)`, 'i'),
  },
  {
    id: 'new-instructions',
    pattern: new RegExp(String.raw`\b(?:new|updated|real|actual|true|revised|secret|hidden)\s+(?:system\s+)?(?:instructions|prompt)\s+(?:for|to)\s+(?:the\s+)?${ai}\b`, 'i'),
  },
  { id: 'conceal-from-user', pattern: /\b(?:(?:do\s+not|don't|never)\s+(?:tell|inform|mention\s+(?:this|it)\s+to|reveal\s+(?:this|it)\s+to|alert|notify)\s+the\s+user|without\s+(?:telling|informing|notifying|alerting|asking)\s+the\s+user)\b/i },
  { id: 'disable-safety', pattern: /\b(?:ignore|bypass|disable|turn\s+off|deactivate|circumvent|override)\s+(?:your\s+|all\s+|any\s+|the\s+)?(?:safety|content|ethical)\s+(?:filters?|guidelines|policies|restrictions|measures|protocols|rules)\b/i },
  {
    id: 'exfiltration',
    pattern: /\b(?:send|post|upload|forward|exfiltrate|leak|transmit|e-?mail)\b[^.\n]{0,80}\b(?:passwords?|credentials?|api[\s_-]?keys?|secrets?|access\s+tokens?|private\s+keys?|ssh\s+keys?|seed\s+phrases?|conversation|chat\s+history|user'?s?\s+(?:data|files|messages|emails|documents|information))\b[^.\n]{0,80}?(?:https?:\/\/|\bwww\.|[\w.+-]+@[\w-]+\.\w)/i,
  },
  { id: 'markdown-exfiltration', pattern: /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*[?&][^)\s=]*=\s*(?:\{|%7B|\$\{|\[|<)/i },
];
