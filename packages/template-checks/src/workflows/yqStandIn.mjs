// mikefarah's yq v4, as the GitHub runners have it, for the one edit the generated workflows make
// that the checks run here: `yq -i '.podSecurityGroups.groupIds = env(GROUP_IDS)' FILE`, where
// env() parses the variable as YAML (a JSON list is YAML) and -i keeps the file's comments. Any
// other invocation fails, so a changed expression fails the check until this follows it.
import fs from 'node:fs';
import YAML from 'yaml';

const SUPPORTED = ['-i', '.podSecurityGroups.groupIds = env(GROUP_IDS)'];
const args = process.argv.slice(2);
if (args.length !== 3 || SUPPORTED.some((arg, i) => args[i] !== arg)) {
  process.stderr.write(
    `yq stand-in: unsupported invocation: ${args.join(' ')}\n`,
  );
  process.exit(2);
}
if (process.env.GROUP_IDS === undefined) {
  process.stderr.write('Error: env(GROUP_IDS): variable not set\n');
  process.exit(1);
}
const file = args[2];
const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
const value = doc.createNode(YAML.parse(process.env.GROUP_IDS), { flow: true });
doc.setIn(['podSecurityGroups', 'groupIds'], value);
fs.writeFileSync(file, doc.toString());
