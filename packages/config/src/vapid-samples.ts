/**
 * Public halves of VAPID key pairs whose private keys are published, so anyone could sign
 * pushes with them. Start-up rejects them as the current or previous key. Each was checked
 * to be a valid P-256 pair (the published private key derives this public key).
 */
export const KNOWN_SAMPLE_VAPID_PUBLIC_KEYS: ReadonlyArray<{ publicKey: string; source: string }> =
  [
    {
      // `web-push generate-vapid-keys --json` example output in the web-push 3.6.7 README.
      publicKey:
        'BGtkbcjrO12YMoDuq2sCQeHlu47uPx3SHTgFKZFYiBW8Qr0D9vgyZSZPdw6_4ZFEI9Snk1VEAj2qTYI1I1YxBXE',
      source: 'the web-push README',
    },
    {
      // The demo server of the Web Push Book (subject web-push-book@gauntface.com), copied
      // into many tutorials and starter projects.
      publicKey:
        'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U',
      source: 'the Web Push Book demo',
    },
    {
      publicKey:
        'BFJGcJs3zH5JigFKbeWomDRIyERD4ea7RcDIdb-kNEg7djAEsBbg1mLa168kY4DsZFfdoqPHyncEiM62KRWWt9A',
      source: 'public example code',
    },
    {
      publicKey:
        'BNQLMyeQqTrArjC79qQnpVjBMvpVAYF5zl7ovVphau1eLe4hcXTPgoPx027IZLbUcZWGARQ4DIZMqv1YZert43U',
      source: 'public example code',
    },
    {
      publicKey:
        'BAtSKsIVOlkH_DjFTS-vT1ysvHmsCm45SSutJpY-iFPwwbNvR6f6T7CLivUuBQpkxRtlSfltSXNRzuQZ9aa_sfY',
      source: 'public example code',
    },
  ];

/** Returns the source of a published sample key, or null when `publicKey` is not a known sample. */
export function knownSampleVapidKey(publicKey: string): string | null {
  return (
    KNOWN_SAMPLE_VAPID_PUBLIC_KEYS.find((sample) => sample.publicKey === publicKey)?.source ?? null
  );
}
