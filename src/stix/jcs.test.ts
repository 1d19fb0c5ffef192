import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalizationError, canonicalize } from './jcs.js';

/** The IEEE 754 double whose big-endian bits are the given 16 hex digits. */
function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalize: RFC 8785 examples', () => {
  it('serializes the section 3.2.2 sample: sorted members, ES numbers, minimal escapes', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    assert.equal(canonicalize(JSON.parse(input)), expected);
  });

  it('sorts the section 3.2.3 member names by UTF-16 code units, not by code points', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    assert.equal(
      canonicalize(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B: IEEE 754 bit patterns and the text each must serialize to.
  const appendixB: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  for (const [bits, text] of appendixB) {
    it(`serializes the double ${bits} as ${text}`, () => {
      assert.equal(canonicalize(fromBits(bits)), text);
    });
  }

  it('rejects the NaN and Infinity of Appendix B with an error naming where they are', () => {
    assert.throws(() => canonicalize({ a: [1, fromBits('7fffffffffffffff')] }), {
      name: 'CanonicalizationError',
      message: 'NaN is not a finite number, which JSON cannot represent at $.a[1]',
    });
    assert.throws(() => canonicalize(fromBits('7ff0000000000000')), /Infinity is not a finite number/);
    assert.throws(() => canonicalize(Number.NEGATIVE_INFINITY), /-Infinity is not a finite number/);
  });
});

describe('canonicalize: cyberphone/json-canonicalization test data', () => {
  it('canonicalizes structures.json', () => {
    const input =
      '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}';
    assert.equal(
      canonicalize(JSON.parse(input)),
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    );
  });

  it('canonicalizes arrays.json, keeping array order', () => {
    assert.equal(
      canonicalize(JSON.parse('[56, {"d": true, "10": null, "1": [ ]}]')),
      '[56,{"1":[],"10":null,"d":true}]',
    );
  });

  it('canonicalizes french.json without regard to locale collation', () => {
    const input = {
      peach: 'This sorting order',
      péché: 'is wrong according to French',
      pêche: 'but canonicalization MUST',
      sin: 'ingnore locale',
    };
    assert.equal(
      canonicalize(input),
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    );
  });

  it('canonicalizes weird.json, leaving U+007F, U+0080 and "</script>" unescaped', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley",
      "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "</script>": "Browser Challenge"
    }`);
    assert.equal(
      canonicalize(input),
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });
});

describe('canonicalize: strings', () => {
  it('uses the two-character escapes for \\b \\t \\n \\f \\r and lowercase \\u00xx for other controls', () => {
    assert.equal(canonicalize('\b\t\n\f\r\u0000\u001f'), String.raw`"\b\t\n\f\r\u0000\u001f"`);
  });

  it('leaves the solidus and U+2028 as they are', () => {
    assert.equal(canonicalize('a/b\u2028'), '"a/b\u2028"');
  });

  it('rejects a lone surrogate in a value or in a member name', () => {
    assert.throws(() => canonicalize({ ok: 'x\ud800' }), {
      message: 'string holds a lone UTF-16 surrogate, which I-JSON forbids at $.ok',
    });
    assert.throws(() => canonicalize({ '\udc00': 1 }), CanonicalizationError);
  });
});

describe('canonicalize: values that are not JSON', () => {
  it('rejects undefined, bigint and functions', () => {
    assert.throws(() => canonicalize({ a: undefined }), {
      message: 'a undefined is not a JSON value at $.a',
    });
    assert.throws(() => canonicalize([1n]), /a bigint is not a JSON value at \$\[0\]/);
    assert.throws(() => canonicalize(() => 1), /a function is not a JSON value/);
  });

  it('rejects objects other than plain ones rather than guess their JSON form', () => {
    assert.throws(() => canonicalize({ when: new Date(0) }), {
      message: 'a Date is not a JSON value at $.when',
    });
  });

  it('accepts an object without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    assert.equal(canonicalize(bare), '{"a":1,"b":2}');
  });

  it('rejects a value that contains itself, and accepts one reused in two places', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => canonicalize(loop), { message: 'the value contains itself at $.self' });
    const shared = { x: 1 };
    assert.equal(canonicalize([shared, shared]), '[{"x":1},{"x":1}]');
  });
});
