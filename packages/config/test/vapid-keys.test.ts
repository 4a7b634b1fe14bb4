import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, vapidFingerprint } from '../src/config.ts';
import { KNOWN_SAMPLE_VAPID_PUBLIC_KEYS } from '../src/vapid-samples.ts';

// Published sample pairs with their published private keys, so the refusal is tested on
// pairs that pass every other check. Anyone can sign pushes with these.
const SAMPLE_PAIRS: Array<[string, string]> = [
  [
    'BGtkbcjrO12YMoDuq2sCQeHlu47uPx3SHTgFKZFYiBW8Qr0D9vgyZSZPdw6_4ZFEI9Snk1VEAj2qTYI1I1YxBXE',
    'I0_d0vnesxbBSUmlDdOKibGo6vEXRO-Vu88QlSlm5j0',
  ],
  [
    'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U',
    'UUxI4O8-FbRouAevSmBQ6o18hgE4nSG3qwvJTfKc-ls',
  ],
  [
    'BFJGcJs3zH5JigFKbeWomDRIyERD4ea7RcDIdb-kNEg7djAEsBbg1mLa168kY4DsZFfdoqPHyncEiM62KRWWt9A',
    'bifWGRqE9Kn_dU5Xl5tleULqc-iqZauDcbopAMa0StY',
  ],
  [
    'BNQLMyeQqTrArjC79qQnpVjBMvpVAYF5zl7ovVphau1eLe4hcXTPgoPx027IZLbUcZWGARQ4DIZMqv1YZert43U',
    '58QVyT0-VylqGjGjZgBAM2bl6Eayypb7AE6ptoTOKr0',
  ],
  [
    'BAtSKsIVOlkH_DjFTS-vT1ysvHmsCm45SSutJpY-iFPwwbNvR6f6T7CLivUuBQpkxRtlSfltSXNRzuQZ9aa_sfY',
    '5QS6-xUfROiWnReXaN6U5fnnwVWhPwcXzxw7u1E59Ds',
  ],
];

function generatePair(): { publicKey: string; privateKey: string } {
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

const CURRENT = generatePair();

function env(overrides: Record<string, string>) {
  return {
    PAGEFREE_ENV: 'development',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PGLITE_DATA_DIR: '/tmp/unused',
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    VAPID_PUBLIC_KEY: CURRENT.publicKey,
    VAPID_PRIVATE_KEY: CURRENT.privateKey,
    ...overrides,
  };
}

function problems(overrides: Record<string, string>): string[] {
  try {
    loadConfig(env(overrides));
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('known sample VAPID keys', () => {
  it.each(SAMPLE_PAIRS)('sample pair %s is a valid pair', (publicKey, privateKey) => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));

    expect(ecdh.getPublicKey().toString('base64url')).toBe(publicKey);
  });

  it.each(SAMPLE_PAIRS)('sample pair %s is refused', (publicKey, privateKey) => {
    expect(problems({ VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey })).toEqual([
      expect.stringMatching(/^VAPID_PUBLIC_KEY: is the published sample pair/),
    ]);
  });

  it.each(SAMPLE_PAIRS)(
    'sample pair %s is refused as the previous pair',
    (publicKey, privateKey) => {
      expect(
        problems({ VAPID_PREVIOUS_PUBLIC_KEY: publicKey, VAPID_PREVIOUS_PRIVATE_KEY: privateKey }),
      ).toEqual([
        expect.stringMatching(/^VAPID_PREVIOUS_PUBLIC_KEY: is the published sample pair/),
      ]);
    },
  );

  it('every listed sample is tested', () => {
    expect(KNOWN_SAMPLE_VAPID_PUBLIC_KEYS.map((sample) => sample.publicKey).sort()).toEqual(
      SAMPLE_PAIRS.map(([publicKey]) => publicKey).sort(),
    );
  });
});

describe('previous VAPID pair', () => {
  it('is loaded with its fingerprint', () => {
    const previous = generatePair();

    const config = loadConfig(
      env({
        VAPID_PREVIOUS_PUBLIC_KEY: previous.publicKey,
        VAPID_PREVIOUS_PRIVATE_KEY: previous.privateKey,
      }),
    );

    expect(config.vapid.previous).toEqual({
      ...previous,
      fingerprint: vapidFingerprint(previous.publicKey),
    });
  });

  it('is null when unset', () => {
    expect(loadConfig(env({})).vapid.previous).toBeNull();
  });

  it('needs both keys', () => {
    expect(problems({ VAPID_PREVIOUS_PUBLIC_KEY: generatePair().publicKey })).toEqual([
      expect.stringMatching(/^VAPID_PREVIOUS_PRIVATE_KEY: missing/),
    ]);
  });

  it('must be a matching pair', () => {
    const previous = generatePair();

    expect(
      problems({
        VAPID_PREVIOUS_PUBLIC_KEY: previous.publicKey,
        VAPID_PREVIOUS_PRIVATE_KEY: generatePair().privateKey,
      }),
    ).toEqual([expect.stringMatching(/^VAPID_PREVIOUS_PRIVATE_KEY: does not match/)]);
  });

  it('must differ from the current pair', () => {
    expect(
      problems({
        VAPID_PREVIOUS_PUBLIC_KEY: CURRENT.publicKey,
        VAPID_PREVIOUS_PRIVATE_KEY: CURRENT.privateKey,
      }),
    ).toEqual([expect.stringMatching(/^VAPID_PREVIOUS_PUBLIC_KEY: equals VAPID_PUBLIC_KEY/)]);
  });
});
