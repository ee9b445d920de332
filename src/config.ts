import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the product, parsed once from the environment (and `.env`, loaded by the
 * entry points). Callers receive a `Config` and pass it down; nothing else reads `process.env`.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** An address (a subnet of one) or a subnet in CIDR notation, as REVIEW_TRUST_PROXY lists them. */
export interface AddressRule {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

function addressRule(text: string): AddressRule | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = address.includes('%') ? 0 : isIP(address); // a zone (fe80::1%eth0) is no use here
  if (version === 0) return null;
  const bits = version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return null;
  return { address, prefix: Number(prefixText), family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The headers a proxy may write the client's address in (REVIEW_PROXY_HEADER), lower-case. */
export const PROXY_HEADERS = ['x-forwarded-for', 'forwarded'] as const;
export type ProxyHeader = (typeof PROXY_HEADERS)[number];

/** Comma-separated IP addresses and CIDR subnets. */
const addressList = z.string().transform((spec, ctx) => {
  const rules: AddressRule[] = [];
  for (const item of spec.split(',')) {
    const text = item.trim();
    if (!text) continue;
    const rule = addressRule(text);
    if (!rule) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not an IP address or subnet (e.g. 127.0.0.1, ::1, 10.0.0.0/8)`,
      });
      return z.NEVER;
    }
    rules.push(rule);
  }
  if (rules.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'name at least one address, e.g. 127.0.0.1' });
    return z.NEVER;
  }
  return rules;
});

const schema = z.object({
  // Paths
  DATA_DIR: z.string().default('data'),
  ARTICLES_DIR: z.string().optional(),
  LEXICON_PATH: z.string().optional(),
  STATE_DIR: z.string().default('var'),
  INDEX_DIR: z.string().optional(),
  LOG_DB: z.string().optional(),

  // Embeddings
  EMBEDDER: z.enum(['auto', 'e5', 'lexical']).default('auto'),
  E5_MODEL_DIR: z.string().default('models/multilingual-e5-small'),
  E5_MODEL_ID: z.string().default('Xenova/multilingual-e5-small'),
  E5_ALLOW_REMOTE: bool.default(false),
  E5_BATCH_SIZE: int(1, 256).default(16),
  LEXICAL_DIM: int(64, 4096).default(384),

  // Index and search
  HNSW_M: int(4, 64).default(16),
  HNSW_EF_CONSTRUCTION: int(10, 1000).default(200),
  HNSW_SHARDS: int(1, 16).default(2),
  HNSW_EF_SEARCH: int(10, 4096).default(512),
  MAX_ARTICLE_BYTES: int(1, 100_000_000).default(1_000_000),
  /** How often plain (non-terminal) progress lines are printed during ingestion. */
  PROGRESS_INTERVAL_MS: int(50, 3_600_000).default(5000),
  TOP_K: int(1, 20).default(5),
  /** Below this share of the question covered by the best passage, the bot says it does not know. */
  ABSTAIN_MIN_COVERAGE: z.coerce.number().min(0).max(1).optional(),

  // Telegram
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'only A-Z, a-z, 0-9, _ and -, at most 256 characters')
    .optional(),
  WEBHOOK_HOST: z.string().default('0.0.0.0'),
  WEBHOOK_PORT: int(1, 65535).default(8443),
  RATE_LIMIT_PER_MINUTE: int(1, 10_000).default(10),
  MAX_QUESTION_CHARS: int(10, 4000).default(500),
  /**
   * Answer questions on a thread of their own, so that the bot's thread only receives and sends;
   * `auto`: when the index holds 5,000 passages or more (see openAnswering).
   */
  ANSWER_THREAD: z.union([z.literal('auto'), bool]).default('auto'),
  /**
   * How often the bot looks for a newer index (CURRENT changed by `npm run ingest`) and switches
   * to it without a restart; 0 never.
   */
  INDEX_CHECK_SECONDS: int(0, 86_400).default(10),

  // Answer log
  LOG_HMAC_SECRET: z.string().min(16).optional(),
  LOG_RETENTION_DAYS: int(0, 36_500).default(180),

  // Review page
  REVIEW_HOST: z.string().default('127.0.0.1'),
  REVIEW_PORT: int(1, 65535).default(8080),
  /** Comma-separated `name:token` pairs, one per moderator. */
  REVIEW_MODERATORS: z.string().optional(),
  REVIEW_SESSION_SECRET: z.string().min(16).optional(),
  /**
   * The reverse proxies in front of the review page, by address or subnet. From these only, the
   * forwarding headers are believed: the client's address (REVIEW_PROXY_HEADER), https
   * (X-Forwarded-Proto, Forwarded proto=) and the host asked for; unset, none is.
   */
  REVIEW_TRUST_PROXY: addressList.optional(),
  /**
   * The one header the proxies of REVIEW_TRUST_PROXY write the client's address in; the other is
   * the client's own writing, passed on, and is not read for the address. Header names are
   * case-insensitive, so is this.
   */
  REVIEW_PROXY_HEADER: z.string().trim().toLowerCase().pipe(z.enum(PROXY_HEADERS)).default('x-forwarded-for'),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config extends RawConfig {
  ARTICLES_DIR: string;
  LEXICON_PATH: string;
  INDEX_DIR: string;
  LOG_DB: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse settings from `env` (default `process.env`). Throws ConfigError naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings (see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    ARTICLES_DIR: c.ARTICLES_DIR ?? path.join(c.DATA_DIR, 'articles'),
    LEXICON_PATH: c.LEXICON_PATH ?? path.join(c.DATA_DIR, 'lexicon.json'),
    INDEX_DIR: c.INDEX_DIR ?? path.join(c.STATE_DIR, 'index'),
    LOG_DB: c.LOG_DB ?? path.join(c.STATE_DIR, 'answers.sqlite'),
  };
}
