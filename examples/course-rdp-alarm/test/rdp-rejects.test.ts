import { describeLab } from 'labwright/jest';

// The course's lab, end to end, on labwright's embedded AWS emulator: one jest test per step.
describeLab('rdp-rejects', { args: ['--report-dir', 'out/rdp-rejects'] });
