import { createECDH, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, checkVapidPair, loadConfig } from '../src/config.ts';

type Env = Record<string, string | undefined>;

interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * Generates a P-256 pair the way web-push does. `ECDH.getPrivateKey()` drops leading zero
 * bytes (about one key in 256), so the key is left-padded to the 32 bytes the config requires.
 */
function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const privateKey = Buffer.alloc(32);
  const scalar = ecdh.getPrivateKey();
  scalar.copy(privateKey, 32 - scalar.length);
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: privateKey.toString('base64url'),
  };
}

function randomKey(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}

const VAPID = generateVapidKeys();

function productionEnv(overrides: Env = {}): Env {
  return {
    PAGEFREE_ENV: 'production',
    DATABASE_URL: 'postgres://pagefree@127.0.0.1:5432/pagefree',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PUBLIC_URL: 'https://pagefree.example.com',
    ENCRYPTION_KEY: randomKey(),
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    VAPID_SUBJECT: 'mailto:oncall@example.com',
    ...overrides,
  };
}

function developmentEnv(overrides: Env = {}): Env {
  return {
    PAGEFREE_ENV: 'development',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ENCRYPTION_KEY: randomKey(),
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    ...overrides,
  };
}

/** Runs `loadConfig` and returns the ConfigError it throws, failing the test if it throws none. */
function catchConfigError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

/** Variable names that the problems start with, e.g. `PORT` for "PORT: must be a port number". */
function namedVariables(error: ConfigError): string[] {
  return error.problems.map((problem) => problem.split(':')[0] ?? '');
}

describe('loadConfig production', () => {
  it('complete environment loads', () => {
    const env = productionEnv();

    const config = loadConfig(env);

    expect(config.env).toBe('production');
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://pagefree@127.0.0.1:5432/pagefree',
      poolSize: 10,
    });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.publicUrl).toBe('https://pagefree.example.com');
    expect(config.encryption.current.id).toBe('k1');
    expect(config.encryption.current.key).toEqual(Buffer.from(env.ENCRYPTION_KEY!, 'base64'));
    expect(config.encryption.previous).toEqual([]);
    expect(config.vapid.publicKey).toBe(VAPID.publicKey);
    expect(config.vapid.subject).toBe('mailto:oncall@example.com');
  });

  it('trailing slash trimmed from public URL', () => {
    const config = loadConfig(productionEnv({ PUBLIC_URL: 'https://pagefree.example.com/' }));

    expect(config.publicUrl).toBe('https://pagefree.example.com');
  });

  it.each([
    'DATABASE_URL',
    'REDIS_URL',
    'PUBLIC_URL',
    'ENCRYPTION_KEY',
    'VAPID_PUBLIC_KEY',
    'VAPID_PRIVATE_KEY',
    'VAPID_SUBJECT',
  ])('missing %s rejected', (variable) => {
    const error = catchConfigError(productionEnv({ [variable]: undefined }));

    expect(namedVariables(error)).toEqual([variable]);
  });

  it('trusted proxies parsed as a list', () => {
    const config = loadConfig(productionEnv({ TRUSTED_PROXIES: '10.0.0.0/8, ::1' }));

    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
  });

  it.each(['10.0.0.0/33', '0.0.0.0/0', 'proxy.internal', '10.0.0.1/8/8'])(
    'trusted proxy %s rejected',
    (entry) => {
      const error = catchConfigError(productionEnv({ TRUSTED_PROXIES: entry }));

      expect(namedVariables(error)).toEqual(['TRUSTED_PROXIES']);
    },
  );

  it('missing variables all reported at once', () => {
    const error = catchConfigError({ PAGEFREE_ENV: 'production' });

    const variables = namedVariables(error);
    expect(variables).toContain('DATABASE_URL');
    expect(variables).toContain('REDIS_URL');
    expect(variables).toContain('PUBLIC_URL');
    expect(variables).toContain('ENCRYPTION_KEY');
    expect(variables).toContain('VAPID_PUBLIC_KEY');
    expect(variables).toContain('VAPID_PRIVATE_KEY');
  });

  it('missing variable listed in error message', () => {
    const error = catchConfigError(productionEnv({ REDIS_URL: undefined }));

    expect(error.message).toContain('REDIS_URL: missing');
  });

  it('unset environment defaults to production', () => {
    const error = catchConfigError(
      productionEnv({ PAGEFREE_ENV: undefined, PUBLIC_URL: undefined }),
    );

    expect(namedVariables(error)).toEqual(['PUBLIC_URL']);
  });
});

describe('loadConfig invalid values', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://x'],
    ['DATABASE_URL', 'mysql://127.0.0.1/pagefree'],
    ['ENCRYPTION_KEY', randomKey(16)],
    ['LOG_LEVEL', 'loud'],
    ['PAGEFREE_ENV', 'staging'],
    ['PUBLIC_URL', 'pagefree.example.com'],
    ['VAPID_SUBJECT', 'oncall@example.com'],
    ['SECURE_COOKIES', 'yes'],
  ])('%s=%s rejected', (variable, value) => {
    const error = catchConfigError(productionEnv({ [variable]: value }));

    expect(namedVariables(error)).toEqual([variable]);
  });
});

describe('loadConfig VAPID keys', () => {
  it('malformed public key rejected', () => {
    const error = catchConfigError(productionEnv({ VAPID_PUBLIC_KEY: 'not-a-key' }));

    expect(namedVariables(error)).toEqual(['VAPID_PUBLIC_KEY']);
  });

  it('short private key rejected', () => {
    const shortKey = Buffer.from(VAPID.privateKey, 'base64url').subarray(1).toString('base64url');

    const error = catchConfigError(productionEnv({ VAPID_PRIVATE_KEY: shortKey }));

    expect(namedVariables(error)).toEqual(['VAPID_PRIVATE_KEY']);
  });

  it('mismatched pair rejected', () => {
    const other = generateVapidKeys();

    const error = catchConfigError(productionEnv({ VAPID_PRIVATE_KEY: other.privateKey }));

    expect(error.problems).toEqual([expect.stringMatching(/^VAPID_PRIVATE_KEY: does not match/)]);
  });

  it('mismatch message omits private key', () => {
    const other = generateVapidKeys();

    const error = catchConfigError(productionEnv({ VAPID_PRIVATE_KEY: other.privateKey }));

    expect(error.message).not.toContain(other.privateKey);
  });

  it('fingerprint is 16 hex digits', () => {
    const config = loadConfig(productionEnv());

    expect(config.vapid.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fingerprint derived from public key only', () => {
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

    const config = loadConfig(productionEnv());

    expect(config.vapid.fingerprint).toBe(sha256(VAPID.publicKey).slice(0, 16));
    expect(config.vapid.fingerprint).not.toBe(sha256(VAPID.privateKey).slice(0, 16));
  });
});

describe('checkVapidPair', () => {
  it('matching pair accepted', () => {
    expect(checkVapidPair(VAPID.publicKey, VAPID.privateKey)).toBeNull();
  });

  it('compressed public key rejected', () => {
    const compressed = createECDH('prime256v1');
    compressed.setPrivateKey(Buffer.from(VAPID.privateKey, 'base64url'));
    const publicKey = compressed.getPublicKey('base64url', 'compressed');

    expect(checkVapidPair(publicKey, VAPID.privateKey)).toMatch(/^VAPID_PUBLIC_KEY:/);
  });

  it('zero private scalar rejected', () => {
    const zero = Buffer.alloc(32).toString('base64url');

    expect(checkVapidPair(VAPID.publicKey, zero)).toMatch(/^VAPID_PRIVATE_KEY:/);
  });
});

describe('loadConfig database', () => {
  it('development without DATABASE_URL uses PGlite', () => {
    const config = loadConfig(developmentEnv({ PGLITE_DATA_DIR: '/tmp/pagefree-pglite' }));

    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/tmp/pagefree-pglite' });
  });

  it('development prefers DATABASE_URL over PGlite', () => {
    const config = loadConfig(
      developmentEnv({
        PGLITE_DATA_DIR: '/tmp/pagefree-pglite',
        DATABASE_URL: 'postgres://pagefree@127.0.0.1:5432/pagefree',
      }),
    );

    expect(config.database.kind).toBe('postgres');
  });

  it('production with PGLITE_DATA_DIR still requires DATABASE_URL', () => {
    const error = catchConfigError(
      productionEnv({ DATABASE_URL: undefined, PGLITE_DATA_DIR: '/tmp/pagefree-pglite' }),
    );

    expect(namedVariables(error)).toEqual(['DATABASE_URL']);
  });
});

describe('loadConfig cookies', () => {
  it('https public URL enables secure cookies', () => {
    const config = loadConfig(productionEnv({ PUBLIC_URL: 'https://pagefree.example.com' }));

    expect(config.secureCookies).toBe(true);
  });

  it('http public URL disables secure cookies', () => {
    const config = loadConfig(developmentEnv({ PGLITE_DATA_DIR: '/tmp/pagefree-pglite' }));

    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
  });

  it('SECURE_COOKIES overrides public URL', () => {
    const config = loadConfig(productionEnv({ SECURE_COOKIES: 'false' }));

    expect(config.secureCookies).toBe(false);
  });
});

describe('loadConfig previous encryption keys', () => {
  it('id:base64 pairs parsed', () => {
    const first = randomKey();
    const second = randomKey();

    const config = loadConfig(
      productionEnv({ ENCRYPTION_PREVIOUS_KEYS: `k0:${first},old:${second}` }),
    );

    expect(config.encryption.previous).toEqual([
      { id: 'k0', key: Buffer.from(first, 'base64') },
      { id: 'old', key: Buffer.from(second, 'base64') },
    ]);
  });

  it('current key id reused rejected', () => {
    const error = catchConfigError(
      productionEnv({ ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_PREVIOUS_KEYS: `k2:${randomKey()}` }),
    );

    expect(error.problems).toEqual([
      expect.stringMatching(/^ENCRYPTION_PREVIOUS_KEYS: key id "k2" is also the current/),
    ]);
  });

  it('short previous key rejected', () => {
    const error = catchConfigError(
      productionEnv({ ENCRYPTION_PREVIOUS_KEYS: `k0:${randomKey(16)}` }),
    );

    expect(namedVariables(error)).toEqual(['ENCRYPTION_PREVIOUS_KEYS']);
  });

  it('pair without id rejected', () => {
    const error = catchConfigError(productionEnv({ ENCRYPTION_PREVIOUS_KEYS: randomKey() }));

    expect(namedVariables(error)).toEqual(['ENCRYPTION_PREVIOUS_KEYS']);
  });
});

describe('problems reported together', () => {
  it('malformed value does not hide missing variables', () => {
    const problems = (() => {
      try {
        loadConfig({ PAGEFREE_ENV: 'production', PORT: 'abc' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();

    const variables = problems.map((problem) => problem.split(':')[0]);
    expect(variables).toContain('PORT');
    expect(variables).toContain('DATABASE_URL');
    expect(variables).toContain('VAPID_SUBJECT');
    expect(variables.filter((name) => name === 'PORT')).toHaveLength(1);
  });
});
