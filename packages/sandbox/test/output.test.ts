import { describe, expect, it } from 'vitest';
import { formatHostRule, parseHostRule } from '../src/allowed-hosts.ts';
import {
  createMasker,
  MAX_MASKED_JSON_DEPTH,
  maskHead,
  maskJson,
  TOO_DEEP,
} from '../src/mask-output.ts';
import { classifyAddress } from '../src/network-guard.ts';
import { OutputBudget } from '../src/output-budget.ts';
import { runScript } from '../src/run-script.ts';
import { runOptions } from './support/run-options.ts';

const SECRET = 'hunter2-correct-horse';

describe('output masking', () => {
  const mask = createMasker([{ name: 'DEPLOY_TOKEN', value: SECRET }]);

  it.each([
    ['raw value', `token is ${SECRET}`, 'token is [masked:DEPLOY_TOKEN]'],
    ['URL-encoded value', `q=${encodeURIComponent(`${SECRET}&`)}`, 'q=[masked:DEPLOY_TOKEN]%26'],
    ['base64 value', Buffer.from(SECRET).toString('base64'), '[masked:DEPLOY_TOKEN]'],
    ['AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', 'key [masked] used'],
    [
      'AWS secret key assignment',
      'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key=[masked]',
    ],
    ['GitHub token', `ghp_${'a'.repeat(36)}`, '[masked]'],
    ['GitHub fine-grained token', `github_pat_${'B'.repeat(30)}`, '[masked]'],
    ['Slack bot token', 'xoxb-123456789012-abcdefABCDEF', '[masked]'],
    ['bearer header', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [masked]'],
    [
      'password in a URL',
      'postgres://app:s3cr3t@db.internal/app',
      'postgres://app:[masked]@db.internal/app',
    ],
    ['password assignment', '{"password": "letmein!"}', '{"password": "[masked]"}'],
    [
      'private key block',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      '[masked private key]',
    ],
    ['JSON Web Token', 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl', '[masked]'],
  ])('%s is masked', (_name, input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it('masking twice changes nothing', () => {
    const once = mask(`password=x1y2z3 ${SECRET} Bearer abc`);

    expect(mask(once)).toBe(once);
  });

  it('masks keys and values inside JSON', () => {
    expect(maskJson({ [SECRET]: [SECRET, 1, { nested: `x ${SECRET}` }] }, mask)).toEqual({
      '[masked:DEPLOY_TOKEN]': ['[masked:DEPLOY_TOKEN]', 1, { nested: 'x [masked:DEPLOY_TOKEN]' }],
    });
  });

  it('seeded secret never reaches log lines, result or error', async () => {
    const lines: string[] = [];
    const script = `
      log.info('token', secrets.DEPLOY_TOKEN);
      console.error({ header: 'Bearer ' + secrets.DEPLOY_TOKEN });
      log.warn(encodeURIComponent(secrets.DEPLOY_TOKEN));
      if (input.fail) throw new Error('failed with ' + secrets.DEPLOY_TOKEN);
      return { echoed: secrets.DEPLOY_TOKEN, list: [secrets.DEPLOY_TOKEN] };
    `;
    const options = (fail: boolean) =>
      runOptions(script, {
        input: { fail },
        secrets: [{ name: 'DEPLOY_TOKEN', value: SECRET }],
        onLog: (line) => lines.push(line.message),
      });

    const succeeded = await runScript(options(false));
    const failed = await runScript(options(true));

    const everything = JSON.stringify([lines, succeeded, failed]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
    expect(lines[0]).toBe('token [masked:DEPLOY_TOKEN]');
    expect(JSON.parse(succeeded.result!)).toEqual({
      echoed: '[masked:DEPLOY_TOKEN]',
      list: ['[masked:DEPLOY_TOKEN]'],
    });
    expect(failed.error?.message).toBe('Error: failed with [masked:DEPLOY_TOKEN] (script line 5)');
  });
});

describe('masking adversarial output', () => {
  const mask = createMasker([{ name: 'DEPLOY_TOKEN', value: SECRET }]);
  const MEGABYTE = 1024 * 1024;

  // Each input has a match candidate at almost every position and no match at all, the shape
  // that makes an unbounded pattern rescan the rest of the text from every position.
  it.each([
    ['dotted words', 'a.'],
    ['scheme without ://', 'a+b-c'],
    ['user part without @', 'x://u:'],
    ['JWT-like segments', 'eyJ-'],
    ['assignment labels', 'password '],
    ['bearer labels without a token', 'bearer \t:'],
  ])('1 MB of %s passes through unchanged', (_name, unit) => {
    const text = unit.repeat(Math.ceil(MEGABYTE / unit.length)).slice(0, MEGABYTE);

    expect(mask(text)).toBe(text);
  });

  it('credential after 1 MB of dotted words is masked', () => {
    const text = `${'a.'.repeat(MEGABYTE / 2)} postgres://app:s3cr3t@db`;

    expect(mask(text).endsWith(' postgres://app:[masked]@db')).toBe(true);
  });

  it('JSON deeper than the limit becomes a marker', () => {
    let deep: unknown = SECRET;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];

    let masked = maskJson(deep, mask);
    for (let level = 0; level < MAX_MASKED_JSON_DEPTH; level += 1) {
      expect(Array.isArray(masked)).toBe(true);
      masked = (masked as unknown[])[0];
    }
    expect(masked).toBe(TOO_DEEP);
  });

  it('JSON at the limit is masked whole', () => {
    let deep: unknown = SECRET;
    for (let level = 0; level < MAX_MASKED_JSON_DEPTH; level += 1) deep = [deep];

    expect(JSON.stringify(maskJson(deep, mask))).not.toContain(SECRET);
    expect(JSON.stringify(maskJson(deep, mask))).toContain('[masked:DEPLOY_TOKEN]');
  });

  it('cut through a secret hides its start', () => {
    const text = `${'x'.repeat(100)}${SECRET}${'y'.repeat(10 * MEGABYTE)}`;

    for (const cut of [100, 105, 100 + SECRET.length - 1, 100 + SECRET.length]) {
      const head = maskHead(text.slice(0, cut + mask.reach + 5), cut, mask);

      expect(head.truncated).toBe(true);
      expect(head.text.length).toBeLessThanOrEqual(cut);
      expect(head.text).not.toContain(SECRET.slice(0, 5));
    }
  });

  it('10 MB log line is cut before masking', () => {
    const budget = new OutputBudget(10 * 1024, mask);

    const lines = budget.addLog('info', `${SECRET} ${'a.'.repeat(5 * MEGABYTE)}`, new Date());

    expect(lines.map((line) => line.message.slice(0, 21))).toEqual([
      '[masked:DEPLOY_TOKEN]',
      '[output truncated: th',
    ]);
    expect(budget.bytes).toBeLessThanOrEqual(10 * 1024);
    expect(budget.truncated).toBe(true);
  });

  it('huge result is omitted', async () => {
    const outcome = await runScript(
      runOptions(`return 'a.'.repeat(2 * 1024 * 1024);`, { memoryLimitMb: 64 }),
    );

    expect(outcome.status).toBe('succeeded');
    expect(JSON.parse(outcome.result!)).toEqual({
      omitted: expect.stringContaining('did not fit in the 10240-byte output limit'),
    });
    expect(outcome.outputTruncated).toBe(true);
  });

  it('deeply nested result keeps its top levels', async () => {
    const outcome = await runScript(
      runOptions(`let value = 1; for (let i = 0; i < 500; i += 1) value = [value]; return value;`),
    );

    expect(outcome.status).toBe('succeeded');
    expect(outcome.result).toBe(
      `${'['.repeat(MAX_MASKED_JSON_DEPTH)}${JSON.stringify(TOO_DEEP)}${']'.repeat(MAX_MASKED_JSON_DEPTH)}`,
    );
  });

  it('huge error message is cut to its limit', async () => {
    const outcome = await runScript(
      runOptions(`throw new Error(secrets.DEPLOY_TOKEN + ' ' + 'a.'.repeat(1024 * 1024));`, {
        secrets: [{ name: 'DEPLOY_TOKEN', value: SECRET }],
        maxErrorCharacters: 300,
      }),
    );

    expect(outcome.error?.code).toBe('script_error');
    expect(outcome.error?.message.length).toBeLessThanOrEqual(300);
    expect(outcome.error?.message.startsWith('Error: [masked:DEPLOY_TOKEN] a.a.')).toBe(true);
    expect(outcome.error?.message.endsWith(' [message truncated]')).toBe(true);
  });
});

describe('input is data', () => {
  it.each([
    ['plain title', 'Disk almost full'],
    ['quote breakout', '"); process.exit(1); ("'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the title imitates a template literal on purpose.
    ['template breakout', '${globalThis.process.exit(1)}`'],
    ['comment and brace', '*/ }); return process; /*'],
    ['html', '</script><script>alert(1)</script>'],
  ])('%s runs like any other', async (_name, title) => {
    const outcome = await runScript(
      runOptions(
        `log.info('title:', input.incident.title);
         return { title: input.incident.title, length: input.incident.title.length };`,
        { input: { incident: { title } } },
      ),
    );

    expect(outcome.status).toBe('succeeded');
    expect(JSON.parse(outcome.result!)).toEqual({ title, length: title.length });
  });
});

describe('output budget', () => {
  it('never exceeds its limit', () => {
    const budget = new OutputBudget(200, createMasker([]));

    const emitted = [];
    for (let index = 0; index < 50; index += 1) {
      emitted.push(...budget.addLog('info', `line ${index} ${'é'.repeat(index)}`, new Date()));
    }
    const result = budget.addResult(JSON.stringify('x'.repeat(500)));

    const total =
      emitted.reduce((sum, line) => sum + Buffer.byteLength(line.message) + 1, 0) +
      Buffer.byteLength(result);
    expect(total).toBeLessThanOrEqual(200);
    expect(budget.truncated).toBe(true);
    expect(emitted.map((line) => line.seq)).toEqual(emitted.map((_line, index) => index));
  });
});

describe('allowlist entries', () => {
  it.each([
    ['api.example.com', 'api.example.com'],
    ['API.Example.com.', 'api.example.com'],
    ['k8s.internal:6443', 'k8s.internal:6443'],
    ['10.0.0.5:443', '10.0.0.5'],
    ['[FD00::1]:8443', '[fd00::1]:8443'],
  ])('%s is accepted', (entry, canonical) => {
    const rule = parseHostRule(entry);

    expect('error' in rule).toBe(false);
    expect(formatHostRule(rule as never)).toBe(canonical);
  });

  it.each([
    'https://api.example.com',
    '*.example.com',
    'api.example.com/path',
    'a:b:c',
    'host:0',
    'host:70000',
    'user@host',
    '',
  ])('%s is rejected', (entry) => {
    expect('error' in parseHostRule(entry)).toBe(true);
  });
});

describe('address classes', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'private'],
    ['::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['10.1.2.3', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12::1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['fd00:ec2::254', 'forbidden'],
    ['100.100.100.200', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['64:ff9b::7f00:1', 'forbidden'],
    ['::127.0.0.1', 'forbidden'],
    ['::7f00:1', 'forbidden'],
    ['::169.254.169.254', 'forbidden'],
    ['::10.0.0.1', 'forbidden'],
    ['::8.8.8.8', 'forbidden'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});
