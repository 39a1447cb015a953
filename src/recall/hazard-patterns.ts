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
  /**
   * Words (as `words()` yields them) of which the text must hold at least one for the pattern
   * to be able to match: a gate that skips most patterns on ordinary text.
   */
  readonly anchors: readonly string[];
  readonly pattern: RegExp;
}

const dismiss = String.raw`(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|stop\s+following|set\s+aside)`;
const orders = String.raw`(?:instructions?|prompts?|directions|directives?|rules|guidelines|guidance|commands|constraints|programming|orders)`;
const sendVerb = String.raw`(?:send|post|upload|forward|exfiltrate|leak|transmit|e-?mail)`;
const secrets = String.raw`(?:passwords?|credentials?|api[\s_-]?keys?|secrets?|access\s+tokens?|private\s+keys?|ssh\s+keys?|seed\s+phrases?|conversation|chat\s+history|user'?s?\s+(?:data|files|messages|emails|documents|information))`;
const destination = String.raw`(?:https?:\/\/|\bwww\.|[\w.+-]+@[\w-]+\.\w)`;
const ai = String.raw`(?:AI|assistant|chat\s?bot|LLM|language\s+model|agent|GPT|ChatGPT|Claude|Copilot|Gemini|bot)`;

const aiWords = ['ai', 'assistant', 'assistants', 'chatbot', 'chatbots', 'chat', 'bot', 'bots', 'llm', 'llms', 'language', 'agent', 'agents', 'gpt', 'chatgpt', 'claude', 'copilot', 'gemini', 'ais'];

/** The built-in set; every pattern is case-insensitive and applied to normalized text. */
export const hazardPatterns: readonly HazardPattern[] = [
  {
    id: 'ignore-instructions',
    anchors: ['ignore', 'disregard', 'forget', 'override', 'bypass', 'skip', 'drop', 'abandon', 'following', 'aside'],
    pattern: new RegExp(String.raw`\b${dismiss}\b[\s\w,'-]{0,40}?\b(?:previous|prior|above|earlier|preceding|foregoing|original|initial|former|all|any|your|system|developer)\b[\s\w,'-]{0,20}?\b${orders}\b|\b${dismiss}\b[\s\w,'-]{0,30}?\b${orders}\b[^.\n]{0,40}?\b(?:you\s+(?:were\s+given|received|have\s+been\s+given|got)|gave\s+you|your\s+(?:developers?|creators?|makers?|operators?)|earlier|previously|so\s+far)\b`, 'i'),
  },
  { id: 'forget-everything', anchors: ['forget'], pattern: /\bforget\s+(?:everything|all)\s+(?:you\s+(?:know|were\s+told|have\s+been\s+told)|above|before|prior)\b/i },
  {
    id: 'role-reassignment',
    anchors: ['now', 'longer'],
    pattern: new RegExp(String.raw`\byou\s+are\s+(?:now|no\s+longer)\s+(?:an?\s+)?(?:${ai}|DAN|unrestricted|unfiltered|uncensored|jailbroken|free\s+(?:of|from)|bound\s+by|restricted|evil|malicious)`, 'i'),
  },
  { id: 'from-now-on', anchors: ['now'], pattern: /\bfrom\s+now\s+on,?\s+(?:you\s+)?(?:will\s+|must\s+|shall\s+|are\s+to\s+)?(?:act|respond|answer|behave|reply|ignore|obey|pretend|role-?play)\b/i },
  { id: 'act-unrestricted', anchors: ['act', 'behave', 'respond'], pattern: /\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+(?:were|are)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|DAN|AI\s+without)\b/i },
  { id: 'pretend-unrestricted', anchors: ['pretend'], pattern: /\bpretend\s+(?:that\s+)?you\s+(?:are|have|were)\s+(?:an?\s+)?(?:no\s+(?:restrictions|rules|limits|filters|guidelines)|unrestricted|unfiltered|jailbroken|evil|DAN)\b/i },
  { id: 'jailbreak', anchors: ['anything', 'jailbreak', 'jailbroken', 'dan', 'developer', 'ethical', 'moral'], pattern: /\b(?:do\s+anything\s+now|jailbr(?:eak|oken)\s+mode|DAN\s+mode|developer\s+mode\s+(?:enabled|output|is\s+on)|no\s+(?:ethical|moral)\s+(?:guidelines|restrictions|constraints|limits))\b/i },
  {
    id: 'prompt-leak',
    anchors: ['prompt', 'instructions', 'message'],
    pattern: /\b(?:reveal|print|show|repeat|output|display|leak|tell\s+me|give\s+me|write\s+out|dump)\b[^.\n]{0,40}\b(?:your|the)\s+(?:system\s+prompt|initial\s+prompt|hidden\s+prompt|original\s+instructions|system\s+message|instructions\s+above|developer\s+message|hidden\s+instructions)\b/i,
  },
  { id: 'chat-template', anchors: ['im', 'inst', 'sys', 'system', 'assistant', 'endoftext', 'eot', 'header', 'user'], pattern: /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|assistant)>|\[(?:system|assistant)\]\(#/i },
  { id: 'role-label', anchors: ['system', 'assistant', 'developer'], pattern: /^\s*(?:system|assistant|developer)\s*(?:prompt)?\s*:\s*(?:you\s+(?:are|must|will|should)|ignore|new\s+instructions|from\s+now\s+on)/im },
  {
    id: 'addressed-to-ai',
    anchors: aiWords,
    pattern: new RegExp(String.raw`\b(?:(?:note|message|instructions?|attention|directive)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?${ai}s?\b|if\s+you\s+are\s+(?:an?\s+)?${ai}\b|(?:dear|hey)\s+${ai}\b|${ai}s?\s+(?:instructions?|directive)\s*:)`, 'i'),
  },
  {
    id: 'new-instructions',
    anchors: ['instructions', 'prompt'],
    pattern: new RegExp(String.raw`\b(?:new|updated|real|actual|true|revised|secret|hidden)\s+(?:system\s+)?(?:instructions|prompt)\s+(?:for|to)\s+(?:the\s+)?${ai}\b`, 'i'),
  },
  { id: 'new-task', anchors: ['task', 'goal', 'objective', 'mission', 'job', 'instructions', 'instruction'], pattern: /\byour\s+(?:new|real|actual|true|only)\s+(?:task|goal|objective|mission|job|instructions?)\s*(?:is|are|:)/i },
  {
    id: 'ai-must-obey',
    anchors: ['obey', 'comply', 'execute'],
    pattern: new RegExp(String.raw`\b${ai}s?\b[^.\n]{0,40}\b(?:must|should|shall|will|is\s+to|are\s+to)\s+(?:now\s+)?(?:obey|comply\s+with|execute)\b|\bmodels?\b[^.\n]{0,40}\b(?:must|should|shall|will|is\s+to)\s+(?:now\s+)?obey\b`, 'i'),
  },
  { id: 'instructions-updated', anchors: ['updated', 'changed', 'replaced', 'overridden', 'revoked'], pattern: /\byour\s+(?:instructions|rules|guidelines|prompt|directives)\s+(?:have|has)\s+(?:been\s+)?(?:updated|changed|replaced|overridden|revoked)\b/i },
  { id: 'answer-hijack', anchors: ['instead', 'respond', 'reply', 'answer', 'summarizing', 'summarising', 'answering', 'responding'], pattern: /\b(?:instead\s+of\s+(?:answering|summari[sz]ing|responding|replying)|(?:do\s+not|don't)\s+(?:summari[sz]e|answer|respond\s+to)\s+(?:this|the)\b[^.\n]{0,40}\binstead|(?:respond|reply|answer)\s+(?:to\s+)?(?:every|all|any)\s+(?:questions?|messages?|prompts?|requests?)\s+(?:with|by)|when\s+(?:summari[sz]ing|answering|responding)\b[^.\n]{0,60}\b(?:say|state|claim|tell|omit|recommend))\b/i },
  { id: 'inject-into-answer', anchors: ['response', 'answer', 'reply', 'summary', 'output'], pattern: /\b(?:include|insert|add|append|put)\s+(?:this|the\s+following)\s+(?:link|url|text|message|image)\s+(?:in|into|to|at\s+the\s+end\s+of)\s+your\s+(?:response|answer|reply|summary|output)\b/i },
  { id: 'secret-files', anchors: ['ssh', 'rsa', 'ed25519', 'passwd', 'shadow', 'aws', 'credentials'], pattern: /\b(?:output|print|read|cat|send|show|display|upload|reveal)\b[^.\n]{0,40}(?:~\/\.ssh|\bid_(?:rsa|ed25519)\b|\/etc\/(?:passwd|shadow)\b|\.aws\/credentials|\.git-credentials)/i },
  { id: 'conceal-from-user', anchors: ['user'], pattern: /\b(?:(?:do\s+not|don't|never)\s+(?:tell|inform|mention\s+(?:this|it)\s+to|reveal\s+(?:this|it)\s+to|alert|notify)\s+the\s+user|without\s+(?:telling|informing|notifying|alerting|asking)\s+the\s+user)\b/i },
  { id: 'disable-safety', anchors: ['safety', 'content', 'ethical'], pattern: /\b(?:ignore|bypass|disable|turn\s+off|deactivate|circumvent|override)\s+(?:your\s+|all\s+|any\s+|the\s+)?(?:safety|content|ethical)\s+(?:filters?|guidelines|policies|restrictions|measures|protocols|rules)\b/i },
  {
    id: 'exfiltration',
    anchors: ['send', 'post', 'upload', 'forward', 'exfiltrate', 'leak', 'transmit', 'email', 'mail'],
    pattern: new RegExp(String.raw`\b${sendVerb}\b[^.\n]{0,80}\b${secrets}\b[^.\n]{0,80}?${destination}|\b${secrets}\b[^.\n]{0,80}\b${sendVerb}\b[^.\n]{0,40}?${destination}`, 'i'),
  },
  { id: 'markdown-exfiltration', anchors: ['http', 'https'], pattern: /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*[?&][^)\s=]*=\s*(?:\{|%7B|\$\{|\[|<)/i },
];
