// Create-then-use under EC2's eventual consistency: one helper retries a call naming a just-created
// resource while EC2 answers Invalid…NotFound, with backoff, inside a bounded budget (FakeClock).
import { FakeClock } from '../../core/clock';
import { isNotYetVisible, retryWhileNotFound } from '../../aws/eventual';

const notFound = (code: string) => Object.assign(new Error(`The ID does not exist (${code})`), { name: code });

describe('isNotYetVisible', () => {
  it.each(['InvalidVpcID.NotFound', 'InvalidGroup.NotFound', 'InvalidSubnetID.NotFound', 'InvalidKeyPair.NotFound', 'InvalidGatewayID.NotFound', 'InvalidInternetGatewayID.NotFound', 'InvalidInstanceID.NotFound'])(
    '%s is "not visible yet"',
    (code) => expect(isNotYetVisible(notFound(code))).toBe(true),
  );
  it.each(['InvalidParameterValue', 'Unsupported', 'AccessDenied', 'InvalidGroup.Duplicate'])('%s is final', (code) => expect(isNotYetVisible(notFound(code))).toBe(false));
});

describe('retryWhileNotFound', () => {
  it('retries while the resource is not visible, backing off, and returns the answer', async () => {
    const clock = new FakeClock(0);
    const calledAt: number[] = [];
    const call = async () => {
      calledAt.push(clock.now());
      if (calledAt.length < 4) throw notFound('InvalidVpcID.NotFound');
      return 'subnet-1';
    };
    const out = retryWhileNotFound(call, { budgetMs: 60_000, intervalsMs: [100, 200, 400], clock });
    for (let i = 0; i < 10 && calledAt.length < 4; i++) await clock.advance(500);
    await expect(out).resolves.toBe('subnet-1');
    const gaps = calledAt.slice(1).map((t, i) => t - calledAt[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
  });

  it('throws the NotFound once the budget is spent', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const out = retryWhileNotFound(async () => {
      calls++;
      throw notFound('InvalidGroup.NotFound');
    }, { budgetMs: 1000, intervalsMs: [300], clock });
    const settled = out.catch((err) => err);
    for (let i = 0; i < 20; i++) await clock.advance(300);
    expect(((await settled) as Error).name).toBe('InvalidGroup.NotFound');
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(10);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      retryWhileNotFound(async () => {
        calls++;
        throw notFound('Unsupported');
      }),
    ).rejects.toThrow(/Unsupported/);
    expect(calls).toBe(1);
  });
});
