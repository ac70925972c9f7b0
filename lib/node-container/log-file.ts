/** Where a node container's log is kept for the report (attached to failed tests by the control fixture). */
import path from 'node:path';
import { outputPaths } from '../../config/env';

export function nodeContainerLogFile(name: string): string {
  return path.join(outputPaths().reports, 'node-container', `${name}.log`);
}
