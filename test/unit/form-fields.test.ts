import { FormFields } from '../../emulator/protocols/form-fields';

// The gateway reads query-protocol forms without URLSearchParams; the fields (names, values, order,
// first value of a repeated name) must be exactly what `new URLSearchParams(body)` gives, or EC2/IAM/SNS
// inputs would change.
const viaGateway = (query: string, body: string) => {
  const form = new FormFields();
  form.addParams(new URLSearchParams(query));
  form.addEncoded(body);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < form.pairs.length; i += 2) pairs.push([form.pairs[i], form.pairs[i + 1]]);
  return { pairs, action: form.get('Action'), repeated: form.get('x') };
};
const viaUrlSearchParams = (query: string, body: string) => {
  const form = new URLSearchParams(query);
  for (const [k, v] of new URLSearchParams(body)) form.append(k, v);
  return { pairs: [...form], action: form.get('Action') ?? undefined, repeated: form.get('x') ?? undefined };
};

describe('FormFields', () => {
  it.each([
    ['', 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1'],
    ['Action=DescribeVpcs', 'Version=2016-11-15'],
    ['', ''],
    ['', '?Action=A&x=1'], // a leading '?' is dropped
    ['', 'x=1&?y=2'], // mid-text it is kept
    ['', 'x=1&&x=2&'], // empty pieces skipped; the first x wins
    ['', 'flag&x=&=v&=&x'], // no '=', empty name or value
    ['', 'a=b=c'], // only the first '=' splits
    ['', 'CidrBlock=10.0.0.0%2F16&Desc=a+b%20c&Bad=%zz%&Utf=%C3%BC%E2%82%AC&Broken=%C3'],
    ['', 'k%3D=v%26w&sp+ace=+'],
    ['', '?%3Fq=1&x=%3F'],
    ['', 'Name=ünï€&x=naïve'],
    ['Action=Q&x=first', 'x=second'],
  ])('reads query %j and body %j as URLSearchParams does', (query, body) => {
    expect(viaGateway(query, body)).toEqual(viaUrlSearchParams(query, body));
  });
});
