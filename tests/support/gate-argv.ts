/** The gate's command line for two nodes (node-a, node-b), every test twice, layers L1 and L2, narrowed by `grep`. */
export function twoNodeGateArgv(grep: string): string[] {
  return ['--project=node-a', '--project=node-b', '--repeat-each', '2', '--layers', 'L1,L2', '--grep', grep];
}
