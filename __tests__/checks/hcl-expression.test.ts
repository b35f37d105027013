import { parseJsonencode } from '../../compiler/analyses/hcl-expression';
import { parseJsonAttribute } from '../../compiler/analyses/terraform';

describe('reading ${jsonencode(...)} documents', () => {
  it('reads objects, tuples, strings, numbers, booleans and null', () => {
    expect(
      parseJsonencode(
        '${jsonencode({"Version" = "2012-10-17", "n" = 3, "b" = true, "z" = null, k = ["a", "b",]})}',
      ),
    ).toEqual({ Version: '2012-10-17', n: 3, b: true, z: null, k: ['a', 'b'] });
  });

  it('keeps references opaque, as Terraform JSON writes them', () => {
    expect(
      parseJsonencode(
        '${jsonencode([{"image" = "${data.x.outputs.url}:1.4", "arn" = tostring(aws_secretsmanager_secret.a.arn), "n" = element(split(":", aws_kms_key.k.arn), 4)}])}',
      ),
    ).toEqual([
      {
        image: '${data.x.outputs.url}:1.4',
        arn: '${aws_secretsmanager_secret.a.arn}',
        n: '${element(split(":", aws_kms_key.k.arn), 4)}',
      },
    ]);
  });

  it('decodes escapes and literal $${', () => {
    expect(parseJsonencode('${jsonencode({"a" = "say \\"hi\\"\\n", "b" = "$${not}"})}')).toEqual({
      a: 'say "hi"\n',
      b: '${not}',
    });
  });

  it('returns undefined for what it cannot read', () => {
    expect(parseJsonencode('${jsonencode(local.doc)}')).toBe('${local.doc}');
    expect(parseJsonencode('${jsonencode({"a" = )}')).toBeUndefined();
    expect(parseJsonencode('plain')).toBeUndefined();
  });

  it('parseJsonAttribute reads both JSON text and jsonencode expressions', () => {
    expect(parseJsonAttribute('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonAttribute('${jsonencode({"a" = 1})}')).toEqual({ a: 1 });
  });
});
