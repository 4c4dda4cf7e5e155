"""One AWS CLI process serving a whole shell session's `aws` commands (see aws-cli-lab.sh).

Usage: aws_cli_session.py DIR  (run with the Python the CLI itself runs on)
Each command runs exactly as the `aws` entry point runs it -- `awscli.clidriver.main()` with argv set,
a new driver and botocore session per command -- but the CLI's imports and Python's start-up, about
0.7 s of CPU per command, are paid once per session instead of once per command.

Protocol (loopback TCP; bash reaches it through /dev/tcp, from subshells too): the session writes the
listening port to the FIFO DIR/ready. A client connects and sends the argument count and the
arguments, each NUL-terminated; the CLI's stdout goes to DIR/out, its stderr to DIR/err, and the
exit code comes back as one line before the connection closes. Commands run one at a time.
"""
import io
import os
import socket
import sys

from awscli import clidriver


def read_request(conn):
    """Reads `count\\0arg\\0arg\\0...` from the connection and returns the arguments."""
    data = b''
    while True:
        fields = data.split(b'\0')
        if len(fields) > 1 and len(fields) - 2 >= int(fields[0]):
            count = int(fields[0])
            return [f.decode('utf-8', 'surrogateescape') for f in fields[1:count + 1]]
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError('the client closed the connection mid-request')
        data += chunk


def run_cli(args, out_path, err_path):
    """Runs one `aws ARGS` with stdout and stderr in files; returns its exit code."""
    saved = sys.argv, sys.stdout, sys.stderr, sys.stdin
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err, open(os.devnull, 'rb') as null:
        sys.stdout = io.TextIOWrapper(out, encoding='utf-8', write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding='utf-8', write_through=True)
        sys.stdin = io.TextIOWrapper(null, encoding='utf-8')
        sys.argv = ['aws'] + args
        try:
            rc = clidriver.main()
        except SystemExit as exit_:
            rc = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            sys.argv, sys.stdout, sys.stderr, sys.stdin = saved
    return rc if isinstance(rc, int) else 0


def main():
    directory = sys.argv[1]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    with open(os.path.join(directory, 'ready'), 'w') as ready:
        ready.write('%d\n' % server.getsockname()[1])
    while True:
        conn, _ = server.accept()
        with conn:
            try:
                args = read_request(conn)
            except (EOFError, ValueError):
                continue
            if args == ['--session-end']:
                return
            rc = run_cli(args, os.path.join(directory, 'out'), os.path.join(directory, 'err'))
            conn.sendall(b'%d\n' % rc)


if __name__ == '__main__':
    main()
