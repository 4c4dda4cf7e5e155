/** What the minimal shell knows about the machine it pretends to be. */
export interface ShellHost {
  user: string;
  hostname: string;
  instanceId: string;
  privateIp: string;
}

const OS_RELEASE = `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PLATFORM_ID="platform:al2023"
PRETTY_NAME="Amazon Linux 2023"
`;

/**
 * Answers one command line like a minimal Amazon Linux 2023 shell would. Returns the output and
 * the exit status; `exit` is handled by the caller. Unknown commands answer as bash does.
 */
export function runCommand(line: string, host: ShellHost): { out: string; code: number } {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [cmd, ...args] = words;
  const home = host.user === 'root' ? '/root' : `/home/${host.user}`;
  switch (cmd) {
    case undefined:
      return { out: '', code: 0 };
    case 'whoami':
      return { out: `${host.user}\n`, code: 0 };
    case 'id':
      return { out: `uid=1000(${host.user}) gid=1000(${host.user}) groups=1000(${host.user}),4(adm),10(wheel)\n`, code: 0 };
    case 'hostname':
      return { out: `${host.hostname}\n`, code: 0 };
    case 'pwd':
      return { out: `${home}\n`, code: 0 };
    case 'echo':
      return { out: `${args.join(' ').replace(/^["']|["']$/g, '')}\n`, code: 0 };
    case 'uname':
      return { out: args.includes('-a') ? `Linux ${host.hostname} 6.1.112-124.190.amzn2023.x86_64 #1 SMP x86_64 GNU/Linux\n` : 'Linux\n', code: 0 };
    case 'cat':
      if (args[0] === '/etc/os-release') return { out: OS_RELEASE, code: 0 };
      return { out: `cat: ${args[0] ?? ''}: No such file or directory\n`, code: 1 };
    case 'curl':
      if (/169\.254\.169\.254\/latest\/meta-data\/instance-id/.test(args.join(' '))) return { out: host.instanceId, code: 0 };
      if (/169\.254\.169\.254\/latest\/meta-data\/local-ipv4/.test(args.join(' '))) return { out: host.privateIp, code: 0 };
      return { out: `curl: (7) Failed to connect to ${args[args.length - 1] ?? ''}: Connection refused\n`, code: 7 };
    case 'true':
      return { out: '', code: 0 };
    case 'false':
      return { out: '', code: 1 };
    default:
      return { out: `-bash: ${cmd}: command not found\n`, code: 127 };
  }
}

/** The prompt Amazon Linux shows. */
export function prompt(host: ShellHost): string {
  return `[${host.user}@${host.hostname} ~]$ `;
}
