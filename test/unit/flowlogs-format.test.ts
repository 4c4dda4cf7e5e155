import { DEFAULT_FORMAT, FIELDS, FlowLogFormatError, headerLine, parseFormat } from '../../flowlogs';

const DEFAULT_IDS = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

describe('FIELDS', () => {
  test('holds the v2 default fields with their Parquet types', () => {
    const v2 = Object.values(FIELDS).filter((f) => f.version === 2);
    expect(v2.map((f) => f.name).join(' ')).toBe(DEFAULT_IDS);
    expect(FIELDS['version'].type).toBe('int32');
    expect(FIELDS['dstport'].type).toBe('int32');
    expect(FIELDS['protocol'].type).toBe('int32');
    expect(['packets', 'bytes', 'start', 'end'].map((f) => FIELDS[f].type)).toEqual(['int64', 'int64', 'int64', 'int64']);
    expect(FIELDS['account-id'].type).toBe('string');
  });

  test('gives the introducing version of fields from v3, v4, v5 and v7, and no v6 (transit-gateway only) field', () => {
    expect(FIELDS['tcp-flags']).toMatchObject({ version: 3, type: 'int32' });
    expect(FIELDS['pkt-dstaddr'].version).toBe(3);
    expect(FIELDS['az-id'].version).toBe(4);
    expect(FIELDS['traffic-path']).toMatchObject({ version: 5, type: 'int32' });
    expect(FIELDS['ecs-task-id']).toMatchObject({ version: 7, type: 'string' });
    expect(Object.values(FIELDS).filter((f) => f.version === 7)).toHaveLength(10);
    expect(Object.values(FIELDS).some((f) => f.version === 6)).toBe(false);
    expect(FIELDS['resource-type']).toBeUndefined();
  });

  test('lists the documented values of the enumerated fields', () => {
    expect(FIELDS['action'].values).toEqual(['ACCEPT', 'REJECT']);
    expect(FIELDS['log-status'].values).toEqual(['OK', 'NODATA', 'SKIPDATA']);
    expect(FIELDS['type'].values).toEqual(['IPv4', 'IPv6', 'EFA']);
    expect(FIELDS['flow-direction'].values).toEqual(['ingress', 'egress']);
    expect(FIELDS['sublocation-type'].values).toEqual(['wavelength', 'outpost', 'localzone']);
    expect(FIELDS['pkt-src-aws-service'].values).toContain('ROUTE53_HEALTHCHECKS_PUBLISHING');
    expect(FIELDS['pkt-dst-aws-service'].values).toHaveLength(21);
  });
});

describe('parseFormat', () => {
  test('DEFAULT_FORMAT is the ${…} list of the 14 v2 fields and parses to version 2', () => {
    expect(DEFAULT_FORMAT).toBe(DEFAULT_IDS.split(' ').map((f) => `\${${f}}`).join(' '));
    const f = parseFormat(DEFAULT_FORMAT);
    expect(f).toEqual({ fields: DEFAULT_IDS.split(' '), version: 2, text: DEFAULT_FORMAT });
  });

  test('an omitted or empty LogFormat means the default format', () => {
    expect(parseFormat()).toEqual(parseFormat(DEFAULT_FORMAT));
    expect(parseFormat('').text).toBe(DEFAULT_FORMAT);
  });

  test('the VPC-S3 CLI example format has version 3 (its newest fields are v3)', () => {
    const text = '${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}';
    const f = parseFormat(text);
    expect(f.version).toBe(3);
    expect(f.fields).toEqual(['version', 'vpc-id', 'subnet-id', 'instance-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr']);
    expect(f.text).toBe(text);
  });

  test('a format without ${version} is valid and still has a version', () => {
    const f = parseFormat('${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}');
    expect(f.fields).not.toContain('version');
    expect(f.version).toBe(3);
  });

  test.each([
    ['${srcaddr} ${dstaddr}', 2],
    ['${version} ${srcaddr} ${tcp-flags}', 3],
    ['${version} ${srcaddr} ${tcp-flags} ${az-id}', 4],
    ['${region} ${flow-direction}', 5],
    ['${traffic-path}', 5],
    ['${srcaddr} ${ecs-cluster-name} ${vpc-id}', 7],
  ])('version of %s is %i (the highest among its fields)', (text, version) => {
    expect(parseFormat(text).version).toBe(version);
  });

  test.each([
    ['${version} ${foo}', /Unknown field \$\{foo\}/],
    ['${version} srcaddr', /'srcaddr' is not of that form/],
    ['${version} ${srcaddr', /'\$\{srcaddr' is not of that form/],
    ['${version}  ${srcaddr}', /single spaces/],
    ['${version} ${srcaddr} ', /single spaces/],
    ['${version},${srcaddr}', /not of that form/],
    ['   ', /at least one field/],
    ['${srcaddr} ${srcaddr}', /appears more than once/],
  ])('rejects %j with an AWS-style InvalidParameter error', (text, reason) => {
    let err: unknown;
    try {
      parseFormat(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlowLogFormatError);
    const e = err as FlowLogFormatError;
    expect(e.code).toBe('InvalidParameter');
    expect(e.awsMessage).toBe(`1 validation error detected: Value '${text}' at 'logFormat' has an invalid format`);
    expect(e.message).toMatch(reason);
  });
});

describe('headerLine', () => {
  test('is the field ids separated by spaces, for the default and for custom formats', () => {
    expect(headerLine()).toBe(DEFAULT_IDS);
    expect(headerLine(parseFormat('${version} ${vpc-id} ${srcaddr} ${flow-direction}'))).toBe('version vpc-id srcaddr flow-direction');
  });
});
