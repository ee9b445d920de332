/**
 * How the command-line scripts report a failure. What a person can put right (a setting, a
 * missing source, a full disk, an ingestion already running, a mistyped option) is one line saying
 * what to do; a stack trace is printed only for what is a bug.
 */

/** Errors whose message already says what to do; they carry no stack worth showing. */
const EXPLAINED = new Set([
  'ConfigError',
  'ReviewConfigError',
  'IndexError',
  'NothingToIndexError',
  'SkippedArticlesError',
  'RemovalRefusedError',
  'InterruptedError',
  'SourceError',
  'LockError',
  'E5ModelMissingError',
]);

/** What to do about a system error a person can fix, by its code. */
const SYSTEM_HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space and run it again (nothing was replaced)',
  EDQUOT: 'the disk quota is used up: free some space and run it again (nothing was replaced)',
  EACCES: 'permission denied: check who owns the file or folder',
  EPERM: 'permission denied: check who owns the file or folder',
  EROFS: 'the file system is read-only',
  ENOENT: 'check the path',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run it again',
  EADDRINUSE: 'another program uses that port: choose a free one',
};

/** The same for SQLite's errors (better-sqlite3's SqliteError), by its result code. */
const SQLITE_HINTS: Record<string, string> = {
  SQLITE_FULL: SYSTEM_HINTS.ENOSPC!,
  SQLITE_READONLY: 'the database is read-only: check who owns the file or folder',
  SQLITE_CANTOPEN: 'the database cannot be opened: check the path and who owns the folder',
};

export interface Explained {
  /** What to print on stderr. */
  text: string;
  /** 2 for a usage or configuration mistake (a run refused until told so included), 1 otherwise. */
  code: number;
}

/** The message and exit code for `err`; `usage` is shown after a mistyped option. */
export function explainError(err: unknown, usage?: string): Explained {
  if (!(err instanceof Error)) return { text: String(err), code: 1 };
  const { code } = err as NodeJS.ErrnoException;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    return { text: usage ? `${err.message}\n\n${usage}` : err.message, code: 2 };
  }
  if (EXPLAINED.has(err.name)) {
    const usage = err.name.endsWith('ConfigError') || err.name === 'RemovalRefusedError';
    return { text: err.message, code: usage ? 2 : 1 };
  }
  if (typeof code === 'string' && SYSTEM_HINTS[code] && 'syscall' in err) {
    return { text: `${err.message}\n${SYSTEM_HINTS[code]}`, code: 1 };
  }
  if (typeof code === 'string' && err.name === 'SqliteError' && SQLITE_HINTS[code]) {
    return { text: `${err.message}\n${SQLITE_HINTS[code]}`, code: 1 };
  }
  return { text: err.stack ?? err.message, code: 1 };
}
