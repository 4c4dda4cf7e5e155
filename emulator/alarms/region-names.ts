// The region long names live in core/ so the emulator and the checks word alarm emails alike.
export { regionLongName } from '../../core/region-names';
