import { Command } from 'commander';
import { stdout } from '../../core/log';
import { allLabs } from '../../session/labs';

/** `labwright labs`: lists labs and their step ids. */
export function registerLabs(program: Command, setExit: (code: number) => void): void {
  program
    .command('labs')
    .description('list the labs and their step ids')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const labs = Object.values(allLabs()).map((lab) => ({
        id: lab.id,
        title: lab.title,
        steps: lab.steps.map((st) => ({ id: st.id, title: st.title, needs: st.needs ?? [], capabilities: st.capabilities ?? [] })),
      }));
      if (flags.json) stdout.write(`${JSON.stringify({ labs }, null, 2)}\n`);
      else
        for (const lab of labs) {
          stdout.write(`${lab.id}  ${lab.title}\n`);
          const width = Math.max(...lab.steps.map((s) => s.id.length));
          for (const s of lab.steps) stdout.write(`  ${s.id.padEnd(width)}  ${s.title}${s.needs.length ? `  (after ${s.needs.join(', ')})` : ''}\n`);
        }
      setExit(0);
    });
}
