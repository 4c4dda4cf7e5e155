// The client set builds each SDK client on first use (a command or test loads only what it calls),
// yet reads like a plain object: every service is listed, a client is built once, and
// destroyClients closes exactly the clients that were built.
import { createClients, destroyClients } from '../../aws/clients';
import { builtClients, lazyClients } from '../../aws/lazy-clients';

describe('lazy client sets', () => {
  it('builds a client on its first read, once, and lists every service', () => {
    const made: string[] = [];
    const set = lazyClients({ a: () => (made.push('a'), { name: 'a' }), b: () => (made.push('b'), { name: 'b' }) });
    expect(Object.keys(set)).toEqual(['a', 'b']);
    expect(made).toEqual([]);
    expect(set.a).toBe(set.a);
    expect(made).toEqual(['a']);
    expect(builtClients(set)).toEqual([{ name: 'a' }]);
    expect({ ...set }).toEqual({ a: { name: 'a' }, b: { name: 'b' } });
    expect(made).toEqual(['a', 'b']);
  });

  it('treats a plain object as fully built', () => {
    expect(builtClients({ a: 1, b: 2 })).toEqual([1, 2]);
  });

  it('createClients builds only the clients used, and destroyClients closes just those', () => {
    const clients = createClients({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    expect(Object.keys(clients).sort()).toEqual(['athena', 'cloudtrail', 'cloudwatch', 'ec2', 'iam', 'logs', 's3', 'sns', 'sts']);
    const ec2 = clients.ec2;
    expect(ec2.config.serviceId).toBe('EC2');
    expect(builtClients(clients)).toEqual([ec2]);
    const destroy = jest.spyOn(ec2, 'destroy');
    destroyClients(clients);
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(builtClients(clients)).toEqual([ec2]);
  });
});
