import { ipInCidr } from '../../core/ip';
import { loginConfig } from '../../emulator/network/cloud-config';
import { isAllowed } from '../../emulator/network/security-groups';
import { runCommand } from '../../emulator/network/shell';

describe('security-group evaluation', () => {
  const ssh = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['203.0.113.0/24'], groupIds: [] };
  test('protocol, port range and CIDR must all match', () => {
    expect(isAllowed([ssh], { protocol: 'tcp', port: 22, sourceIp: '203.0.113.9' })).toBe(true);
    expect(isAllowed([ssh], { protocol: 'tcp', port: 22, sourceIp: '198.51.100.1' })).toBe(false);
    expect(isAllowed([ssh], { protocol: 'tcp', port: 80, sourceIp: '203.0.113.9' })).toBe(false);
    expect(isAllowed([ssh], { protocol: 'udp', port: 22, sourceIp: '203.0.113.9' })).toBe(false);
    expect(isAllowed([{ ...ssh, fromPort: 1000, toPort: 2000, cidrs: ['0.0.0.0/0'] }], { protocol: 'tcp', port: 1500, sourceIp: '1.2.3.4' })).toBe(true);
  });
  test('all-traffic rules, protocol numbers and group references', () => {
    expect(isAllowed([{ ipProtocol: '-1', cidrs: ['0.0.0.0/0'], groupIds: [] }], { protocol: 'udp', port: 53, sourceIp: '8.8.8.8' })).toBe(true);
    expect(isAllowed([{ ipProtocol: '6', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], groupIds: [] }], { protocol: 'tcp', port: 22, sourceIp: '8.8.8.8' })).toBe(true);
    const byGroup = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrs: [], groupIds: ['sg-1'] };
    expect(isAllowed([byGroup], { protocol: 'tcp', port: 22, sourceIp: '10.0.1.5', sourceGroupIds: ['sg-1'] })).toBe(true);
    expect(isAllowed([byGroup], { protocol: 'tcp', port: 22, sourceIp: '10.0.1.5' })).toBe(false);
    expect(isAllowed([], { protocol: 'tcp', port: 22, sourceIp: '10.0.1.5' })).toBe(false);
  });
  test('CIDR containment', () => {
    expect(ipInCidr('10.0.1.25', '10.0.0.0/16')).toBe(true);
    expect(ipInCidr('10.1.1.25', '10.0.0.0/16')).toBe(false);
    expect(ipInCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('1.2.3.4', '1.2.3.4/32')).toBe(true);
    expect(ipInCidr('not-an-ip', '0.0.0.0/0')).toBe(false);
  });
});

describe('cloud-config logins', () => {
  test('users, chpasswd (list text, list array and users forms) and ssh_pwauth', () => {
    const text = loginConfig('#cloud-config\nssh_pwauth: true\nchpasswd:\n  list: |\n    cloud_user:pw1\n', 'ssh-ed25519 AAAA key');
    expect(text.passwordAuth).toBe(true);
    expect(text.users).toEqual([{ name: 'ec2-user', authorizedKeys: ['ssh-ed25519 AAAA key'] }, { name: 'cloud_user', password: 'pw1', authorizedKeys: [] }]);
    const users = loginConfig('#cloud-config\nchpasswd:\n  users:\n    - {name: alice, password: pw2, type: text}\n    - {name: bob, password: $6$hash, type: hash}\n');
    expect(users.passwordAuth).toBe(false);
    expect(users.users.find((u) => u.name === 'alice')?.password).toBe('pw2');
    expect(users.users.find((u) => u.name === 'bob')?.password).toBeUndefined();
    const plain = loginConfig('#cloud-config\nusers:\n  - name: carol\n    plain_text_passwd: pw3\n    lock_passwd: false\n    ssh_authorized_keys: [ssh-rsa AAAB carol]\n');
    expect(plain.users.find((u) => u.name === 'carol')).toEqual({ name: 'carol', password: 'pw3', authorizedKeys: ['ssh-rsa AAAB carol'] });
  });
  test('a shell script or broken YAML grants no password logins', () => {
    expect(loginConfig('#!/bin/bash\necho hi').users.map((u) => u.name)).toEqual(['ec2-user']);
    expect(loginConfig('#cloud-config\n: : [').passwordAuth).toBe(false);
  });
});

describe('the minimal shell', () => {
  const host = { user: 'cloud_user', hostname: 'ip-10-0-1-25.ec2.internal', instanceId: 'i-1', privateIp: '10.0.1.25' };
  test('answers like Amazon Linux', () => {
    expect(runCommand('whoami', host)).toEqual({ out: 'cloud_user\n', code: 0 });
    expect(runCommand('cat /etc/os-release', host).out).toContain('Amazon Linux 2023');
    expect(runCommand('nope', host)).toEqual({ out: '-bash: nope: command not found\n', code: 127 });
  });
});
