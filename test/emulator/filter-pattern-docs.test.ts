import { CreateLogGroupCommand, PutMetricFilterCommand, TestMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { useTestEmulator } from './helpers';

// The converse of validation: what AWS documents as valid must be accepted and match as documented.
// Each row: the doc page it comes from, the pattern, events it matches, events it does not match.
const FP = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html';
const REGEX = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html';
const JSON_PAGE = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html';
const VPC = 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html';

const ROWS: Array<{ source: string; pattern: string; matches: string[]; misses: string[] }> = [
  { source: REGEX, pattern: '%AUTHORIZED%', matches: ['[ERROR 401] UNAUTHORIZED REQUEST', '[SUCCESS 200] AUTHORIZED REQUEST'], misses: ['[INFO] 200 OK'] },
  { source: REGEX, pattern: '%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', matches: ['client 192.0.2.44 connected'], misses: ['client localhost connected'] },
  { source: REGEX, pattern: '%[Ee]rror|[Ff]ail%', matches: ['Error: disk', 'request failed'], misses: ['all good'] },
  { source: REGEX, pattern: '%\\x3A%', matches: ['key: value'], misses: ['key value'] },
  { source: FP, pattern: 'ERROR', matches: ['Exiting with ERRORCODE: -1', '[ERROR] 400 BAD REQUEST'], misses: ['[INFO] 200 OK'] },
  { source: FP, pattern: '"INTERNAL SERVER ERROR"', matches: ['[ERROR] 500 INTERNAL SERVER ERROR'], misses: ['INTERNAL ERROR'] },
  { source: FP, pattern: 'ERROR -WARN', matches: ['ERROR message'], misses: ['ERROR WARN message'] },
  { source: FP, pattern: '?ERROR ?WARN', matches: ['ERROR message', 'WARN message'], misses: ['INFO message'] },
  { source: FP, pattern: '[w1=ERROR, w2]', matches: ['ERROR message'], misses: ['ERROR WARN message', 'WARN message'] },
  { source: FP, pattern: '[ip, user, username, timestamp, request, status_code = 404 || status_code = 410, bytes]', matches: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'], misses: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 200 1534'] },
  { source: FP, pattern: '[..., status_code, bytes > 1000]', matches: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'], misses: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 15'] },
  { source: JSON_PAGE, pattern: '{ $.eventType = "UpdateTrail" }', matches: ['{"eventType":"UpdateTrail"}'], misses: ['{"eventType":"CreateTrail"}'] },
  { source: JSON_PAGE, pattern: '{ $.eventType = %Trail% }', matches: ['{"eventType":"UpdateTrail"}'], misses: ['{"eventType":"PutObject"}'] },
  { source: JSON_PAGE, pattern: '{ $.bandwidth > 75 }', matches: ['{"bandwidth":80}'], misses: ['{"bandwidth":70}'] },
  { source: JSON_PAGE, pattern: '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', matches: ['{"user":{"id":1},"users":[{"email":"John.Doe@example.com"}]}'], misses: ['{"user":{"id":2},"users":[{"email":"John.Doe@example.com"}]}'] },
  { source: JSON_PAGE, pattern: '{ $.users = 1 }', matches: [], misses: ['{"users":[1,2,3]}'] },
  { source: JSON_PAGE, pattern: '{ $.error IS NULL }', matches: ['{"error":null}'], misses: ['{"error":"x"}'] },
  { source: JSON_PAGE, pattern: '{ $.latency = * }', matches: ['{"latency":5}'], misses: ['{"other":5}'] },
  { source: VPC, pattern: '[version, accountid, interfaceid, srcaddr, dstaddr, srcport, dstport = 80 || dstport = 8080, protocol, packets, bytes, start, end, action, logstatus]', matches: ['2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 80 6 20 4249 1418530010 1418530070 ACCEPT OK'], misses: ['2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'] },
  { source: VPC, pattern: '[version, accountid, interfaceid, srcaddr = 10.0.2.*, dstaddr, srcport, dstport, protocol, packets, bytes >= 400, start, end, action = REJECT, logstatus]', matches: ['2 123456789010 eni-1235b8ca123456789 10.0.2.7 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 REJECT OK'], misses: ['2 123456789010 eni-1235b8ca123456789 10.0.3.7 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 REJECT OK'] },
];

describe('every documented filter-pattern example is accepted and matches as documented', () => {
  const emu = useTestEmulator({ engines: false }, { resetEachTest: false });
  beforeAll(() => emu.clients.logs.send(new CreateLogGroupCommand({ logGroupName: 'docs' })));

  it.each(ROWS.map((r, i) => [i + 1, r.pattern, r] as const))('#%i %s', async (i, pattern, row) => {
    const logs = emu.clients.logs;
    const events = [...row.matches, ...row.misses];
    const res = await logs.send(new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: events }));
    // TestMetricFilter lists the matching events only, numbered from 1 (source: row.source).
    expect({ source: row.source, matched: (res.matches ?? []).map((m) => m.eventMessage) }).toEqual({ source: row.source, matched: row.matches });
    await logs.send(new PutMetricFilterCommand({ logGroupName: 'docs', filterName: `doc-${i}`, filterPattern: pattern, metricTransformations: [{ metricName: `m${i}`, metricNamespace: 'docs', metricValue: '1' }] }));
  });
});
