/**
 * The rules of object storage (schema/rules/storage.ts), located in the file: a bucket's Space and apps
 * resolve, a Space feeds one bucket, an app is granted a bucket once, and the variables an app receives for
 * its buckets neither clash nor shadow its containers' own.
 */
import fc from 'fast-check';
import { diagnosticsOf } from '../helpers/validate';
import { storageSpec } from './fixture';

const findings = (input: Record<string, unknown>) =>
  diagnosticsOf(input).map((d) => ({ severity: d.severity, code: d.code, path: d.path }));

describe('storage rules', () => {
  it('accepts buckets that take over Spaces and grant an app', () => {
    const errors = findings(
      storageSpec([
        { name: 'uploads', from: 'shop-uploads', access: [{ app: 'web', mode: 'read-write' }] },
        { name: 'assets', from: 'shop-assets', access: [{ app: 'web', mode: 'read' }] },
      ]),
    ).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('resolves Spaces, apps and CDN endpoints', () => {
    const spec = storageSpec([
      { name: 'uploads', from: 'shop-uplods', access: [{ app: 'wbe', mode: 'read' }] },
    ]);
    spec.digitalocean.cdnEndpoints.push({ space: 'nowhere', customDomain: 'x.example.com' });
    expect(findings(spec)).toEqual(
      expect.arrayContaining([
        { severity: 'error', code: 'unresolved-reference', path: 'storage.buckets[0].from' },
        { severity: 'error', code: 'unresolved-reference', path: 'storage.buckets[0].access[0].app' },
        { severity: 'error', code: 'unresolved-reference', path: 'digitalocean.cdnEndpoints[1].space' },
      ]),
    );
  });

  it('refuses a Space that feeds two buckets and an app granted twice', () => {
    expect(
      findings(
        storageSpec([
          { name: 'a', from: 'shop-uploads' },
          {
            name: 'b',
            from: 'shop-uploads',
            access: [
              { app: 'web', mode: 'read' },
              { app: 'web', mode: 'read-write' },
            ],
          },
        ]),
      ),
    ).toEqual(
      expect.arrayContaining([
        { severity: 'error', code: 'space-taken-twice', path: 'storage.buckets[1].from' },
        { severity: 'error', code: 'bucket-access-duplicate', path: 'storage.buckets[1].access[1].app' },
      ]),
    );
  });

  it('refuses a variable two buckets or a container would share, whatever the names', () => {
    const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    fc.assert(
      fc.property(envName, envName, fc.boolean(), (first, second, own) => {
        const spec = storageSpec(
          [
            { name: 'a', access: [{ app: 'web', mode: 'read', env: { bucket: first } }] },
            { name: 'b', access: [{ app: 'web', mode: 'read', env: { bucket: second } }] },
          ],
          own ? { [first]: 'x' } : {},
        );
        const codes = findings(spec).map((f) => f.code);
        expect(codes.includes('bucket-variable-clash')).toBe(first === second);
        expect(codes.includes('bucket-variable-conflict')).toBe(own);
      }),
      { seed: 21, numRuns: 60 },
    );
  });

  it('names two buckets’ default variables apart', () => {
    const codes = findings(
      storageSpec([
        { name: 'a', access: [{ app: 'web', mode: 'read' }] },
        { name: 'b', access: [{ app: 'web', mode: 'read' }] },
      ]),
    ).map((f) => f.code);
    expect(codes).not.toContain('bucket-variable-clash');
  });

  it('refuses a CORS origin with spaces or control characters (zod)', () => {
    const spec = storageSpec([]);
    spec.digitalocean.spaces[0].cors = [{ allowedOrigins: ['https://a b'], allowedMethods: ['GET'] }];
    expect(findings(spec).map((f) => f.path)).toContain('digitalocean.spaces[0].cors[0].allowedOrigins[0]');
  });
});
