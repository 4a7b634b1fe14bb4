import { describe, expect, it } from 'vitest';
import { formatHostRule, parseHostRule } from '../src/allowed-hosts.ts';
import { createMasker, maskJson } from '../src/mask-output.ts';
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
    const budget = new OutputBudget(200, (text) => text);

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
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});
