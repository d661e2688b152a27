import { describe, expect, it } from "vitest";
import { filesOnDisk } from "../../policies/lib/cloud-init";
import { filesAfterCommands, withoutUnexportedAssignments } from "../../policies/lib/file-commands";

/** The paths on disk, with each path's content, once the commands ran over files written with their paths as content. */
function afterRunning(paths: readonly string[], commands: readonly string[], folders: readonly string[] = ["/srv/in"]) {
  const { files, followed } = filesAfterCommands(filesOnDisk(paths.map((path) => ({ path, content: path }))), commands, folders);
  return { files: Object.fromEntries([...files].map(([path, file]) => [path, file.content])), followed: [...followed] };
}

/** The files here-documents write (each path with its content, or why it is not read), over files holding their path. */
function written(commands: readonly string[], paths: readonly string[] = []) {
  const { files, followed } = filesAfterCommands(filesOnDisk(paths.map((path) => ({ path, content: `${path}\n` }))), commands, []);
  return { files: Object.fromEntries([...files].map(([path, file]) => [path, file.content ?? file.unreadable])), followed: [...followed] };
}

describe("what the commands run after write_files do to the files it wrote", () => {
  it("moves and copies a file to a file, into a known folder, a path ending in /, or one holding files", () => {
    expect(afterRunning(["/a/x"], ["mv /a/x /b/y"]).files).toEqual({ "/b/y": "/a/x" });
    expect(afterRunning(["/a/x"], ["cp /a/x /srv/in"]).files).toEqual({ "/a/x": "/a/x", "/srv/in/x": "/a/x" });
    expect(afterRunning(["/a/x"], ["mv /a/x /b/"]).files).toEqual({ "/b/x": "/a/x" });
    expect(afterRunning(["/a/x", "/b/old"], ["mv -f /a/x /b"]).files).toEqual({ "/b/x": "/a/x", "/b/old": "/b/old" });
    // -T names the destination itself; -t and --target-directory the folder; install's -m takes a value.
    expect(afterRunning(["/a/x"], ["mv -T /a/x /srv/in"]).files).toEqual({ "/srv/in": "/a/x" });
    expect(afterRunning(["/a/x", "/a/y"], ["sudo cp -t /c /a/x /a/y"]).files).toMatchObject({ "/c/x": "/a/x", "/c/y": "/a/y" });
    expect(afterRunning(["/a/x"], ["install -m 0600 --target-directory=/c /a/x"]).files).toMatchObject({ "/c/x": "/a/x" });
    expect(afterRunning(["/a/x"], ["install -d /c"]).followed).toEqual(["install -d /c"]);
  });

  it("expands globs among the files, not across a folder, and moves folders (cp only with -r)", () => {
    const written = ["/a/one.yaml", "/a/two.yml", "/a/deeper/three.yaml"];
    expect(Object.keys(afterRunning(written, ["mv /a/*.yaml /a/t?o.y[ma]l /srv/in"]).files).sort()).toEqual([
      "/a/deeper/three.yaml",
      "/srv/in/one.yaml",
      "/srv/in/two.yml",
    ]);
    expect(Object.keys(afterRunning(written, ["mv /a/deeper /srv/in"]).files).sort()).toEqual(["/a/one.yaml", "/a/two.yml", "/srv/in/deeper/three.yaml"]);
    expect(Object.keys(afterRunning(written, ["cp -a /a/deeper /b"]).files).sort()).toEqual([...written, "/b/three.yaml"].sort());
    expect(afterRunning(written, ["cp /a/deeper /b"]).followed).toEqual([]);
    expect(Object.keys(afterRunning(written, ["rm -rf /a/deeper '/a/one.yaml'"]).files)).toEqual(["/a/two.yml"]);
  });

  it("follows each simple command in order, and reads none whose words or sources are not known here", () => {
    const moved = afterRunning(["/a/x"], ["mkdir -p /b && mv /a/x /b/x; cp /b/x /srv/in # copy it in", "ls /srv/in"]);
    expect(moved.files).toEqual({ "/b/x": "/a/x", "/srv/in/x": "/a/x" });
    expect(moved.followed).toEqual(["mkdir -p /b && mv /a/x /b/x; cp /b/x /srv/in # copy it in", "ls /srv/in"]);
    for (const command of ["mv /a/$NAME /srv/in", "mv /a/`name` /srv/in", "mv /a/missing /srv/in", "mv /a/*.json /srv/in"])
      expect(afterRunning(["/a/x"], [command]), command).toEqual({ files: { "/a/x": "/a/x" }, followed: [] });
  });
  it("writes a here-document into a file with cat or tee, as the shell does, and appends with >> or tee -a", () => {
    expect(written(["cat > /etc/app.yaml <<'EOF'\nkey: $NOT_EXPANDED\nEOF"]).files).toEqual({ "/etc/app.yaml": "key: $NOT_EXPANDED\n" });
    expect(written(["cat <<EOF >/etc/app.yaml\nkey: value\nEOF"]).files).toEqual({ "/etc/app.yaml": "key: value\n" });
    expect(written(["sudo tee /etc/app.yaml > /dev/null <<-EOF\n\tkey: value\n\tEOF"]).files).toEqual({ "/etc/app.yaml": "key: value\n" });
    expect(written(["cat >> /etc/app.yaml <<EOF\nmore: true\nEOF"], ["/etc/app.yaml"]).files).toEqual({ "/etc/app.yaml": "/etc/app.yaml\nmore: true\n" });
    expect(written(["tee -a /etc/app.yaml <<EOF\nmore: true\nEOF"], ["/etc/app.yaml"]).files).toEqual({ "/etc/app.yaml": "/etc/app.yaml\nmore: true\n" });
    // The commands after the delimiter, in the same entry, are read as any other.
    const then = written(["cat > /a/x <<EOF\nkey: value\nEOF\nmv /a/x /b/x"]);
    expect(then.files).toEqual({ "/b/x": "key: value\n" });
    expect(then.followed).toHaveLength(1);
  });

  it("does not know a here-document the shell expands, nor write where the path or the command is not known", () => {
    expect(written(["cat > /etc/app.yaml <<EOF\nkey: ${VALUE}\nEOF"]).files).toEqual({
      "/etc/app.yaml": "its content is a here-document the shell expands (${VALUE}), not known here",
    });
    expect(written(["cat > $TARGET <<'EOF'\nkey: value\nEOF"]).files).toEqual({});
    expect(written(["kubectl apply -f - <<'EOF'\nkind: Namespace\nEOF"]).files).toEqual({});
  });
  it("follows nothing under a condition or in a loop, whose here-documents are files not known here", () => {
    const script = ['if [ "$HOSTNAME" = "server-1" ]; then', "  cat > /etc/app.yaml <<EOF", "first: true", "EOF", "  mv /a/x /b/x", "fi", "cp /a/x /c/x"];
    const after = written(script, ["/a/x"]);
    expect(after.files).toEqual({
      "/a/x": "/a/x\n",
      "/etc/app.yaml": "it is written under a condition or in a loop, not followed here",
      "/c/x": "/a/x\n",
    });
    expect(after.followed).toEqual(["cp /a/x /c/x"]);
    expect(written(["for f in /a/*; do mv $f /b; done", "mv /a/x /b/x"], ["/a/x"]).files).toEqual({ "/b/x": "/a/x\n" });
  });

  it("writes what echo and printf say into a file, by a redirection or into tee, as the shell does", () => {
    expect(written(["echo 'cni: cilium' > /etc/app.yaml"]).files).toEqual({ "/etc/app.yaml": "cni: cilium\n" });
    expect(written(['echo -n "a;b" >/etc/app.yaml']).files).toEqual({ "/etc/app.yaml": "a;b" });
    expect(written(["echo more: true >> /etc/app.yaml"], ["/etc/app.yaml"]).files).toEqual({ "/etc/app.yaml": "/etc/app.yaml\nmore: true\n" });
    expect(written(["printf '%s: %s\\n' cni canal profile cis 1> /etc/app.yaml"]).files).toEqual({ "/etc/app.yaml": "cni: canal\nprofile: cis\n" });
    expect(written(["echo 'a: b' | sudo tee -a /etc/app.yaml /etc/copy.yaml > /dev/null"], ["/etc/app.yaml"]).files).toEqual({
      "/etc/app.yaml": "/etc/app.yaml\na: b\n",
      "/etc/copy.yaml": "a: b\n",
    });
    // A descriptor's copy, another descriptor's output and /dev are no file written; moves still read beside them.
    const moved = written(["mv /a/x /b/x 2>/dev/null", "echo done 2>&1 >/dev/null"], ["/a/x"]);
    expect(moved.files).toEqual({ "/b/x": "/a/x\n" });
    expect(moved.followed).toHaveLength(2);
  });

  it("does not know a file another command writes or edits in place, nor echo's words the shell expands or interprets", () => {
    const notRead = (command: string) => `a command writes it (${command}), which is not read here`;
    for (const command of [
      'echo "token: $TOKEN" >> /etc/app.yaml',
      "echo -e 'a:\\tb' > /etc/app.yaml",
      "echo 'a:\\tb' > /etc/app.yaml",
      "printf '%d' 5 > /etc/app.yaml",
      "curl -fsSL https://config.example.fr/app.yaml > /etc/app.yaml",
      "curl -fsSLo /etc/app.yaml https://config.example.fr/app.yaml",
      "wget -q -O /etc/app.yaml https://config.example.fr/app.yaml",
      "base64 -d /a/x | tee /etc/app.yaml",
    ])
      expect(written([command], ["/a/x"]), command).toEqual({ files: { "/a/x": "/a/x\n", "/etc/app.yaml": notRead(command) }, followed: [] });
    expect(written(["sed -i 's/a/b/' /a/x /a/missing"], ["/a/x"])).toEqual({
      files: { "/a/x": "a command edits it in place (sed -i 's/a/b/' /a/x /a/missing), which is not read here" },
      followed: [],
    });
    // A path the shell makes is not followed.
    expect(written(['echo a > "$TARGET"'])).toEqual({ files: {}, followed: [] });
    // Written under a condition, the file is not known.
    expect(written(["if true; then", "echo 'a: b' > /etc/app.yaml", "sed -i s/a/b/ /a/x", "fi"], ["/a/x"]).files).toEqual({
      "/a/x": "it is written under a condition or in a loop, not followed here",
      "/etc/app.yaml": "it is written under a condition or in a loop, not followed here",
    });
  });

  it("follows no command that runs only as another's outcome allows: after ||, or after && following a test, to the end of its list", () => {
    const under = "it is written under a condition or in a loop, not followed here";
    expect(written(["[ -f /a/x ] && mv /a/x /b/x"], ["/a/x"])).toEqual({ files: { "/a/x": "/a/x\n" }, followed: [] });
    expect(written(["id etcd >/dev/null 2>&1 || echo 'etcd:x:' >> /etc/app.yaml && sed -i s/a/b/ /a/x"], ["/a/x"])).toEqual({
      files: { "/a/x": under, "/etc/app.yaml": under },
      followed: [],
    });
    // A list ends at ; or a new line: what follows runs whatever the test said.
    expect(written(["test -d /srv && echo a > /etc/app.yaml; mv /a/x /b/x"], ["/a/x"]).files).toEqual({ "/etc/app.yaml": under, "/b/x": "/a/x\n" });
    expect(written(["mkdir -p /b && mv /a/x /b/x"], ["/a/x"])).toEqual({ files: { "/b/x": "/a/x\n" }, followed: ["mkdir -p /b && mv /a/x /b/x"] });
  });

  it("replaces a shell variable assigned a path before, out of single quotes, as the shell does", () => {
    const config = "/etc/rancher/rke2/config.yaml";
    expect(written(["CONFIG=/etc/rancher/rke2/config.yaml", 'echo "cni: cilium" >> "$CONFIG"'], [config]).files).toEqual({
      [config]: `${config}\ncni: cilium\n`,
    });
    expect(afterRunning(["/opt/k3s.yaml"], ["export DIR=/etc/rancher/k3s READY=yes", "mv /opt/k3s.yaml ${DIR}/config.yaml"]).files).toEqual({
      "/etc/rancher/k3s/config.yaml": "/opt/k3s.yaml",
    });
    // Within single quotes, the shell writes the name; a variable assigned in a runcmd entry holds in the next.
    expect(written(["FILE=/etc/app.yaml; echo '$FILE' > $FILE"]).files).toEqual({ "/etc/app.yaml": "$FILE\n" });
  });

  it("does not know a variable the shell makes a value for, or assigns under a condition", () => {
    expect(written(["FILE=$(mktemp)", 'echo a > "$FILE"'])).toEqual({ files: {}, followed: ["FILE=$(mktemp)"] });
    expect(written(["FILE=/etc/a.yaml", "if [ -f /etc/b.yaml ]; then FILE=/etc/b.yaml; fi", 'echo a > "$FILE"']).followed).toEqual(["FILE=/etc/a.yaml"]);
    expect(written(["FILE=/etc/a.yaml", "[ -f /etc/b.yaml ] && FILE=/etc/b.yaml", 'echo a > "$FILE"']).files).toEqual({});
    // A script runs in a shell of its own: the variables of the one before are not its.
    expect(written(["#!/bin/bash", "FILE=/etc/a.yaml", "#!/bin/sh", 'echo a > "$FILE"']).files).toEqual({});
    // A here-document's lines are its text: the variable is replaced in the command that writes it, not in them.
    expect(written(["FILE=/etc/app.yaml", "cat > $FILE <<'EOF'\nkey: $FILE\nEOF"]).files).toEqual({ "/etc/app.yaml": "key: $FILE\n" });
  });
});

describe("withoutUnexportedAssignments", () => {
  it("leaves out the parts of a list that only assign variables no later part exports, the rest as written", () => {
    expect(withoutUnexportedAssignments('EXEC="server --secrets-encryption"; curl -sfL https://get.k3s.io | sh -')).toBe("curl -sfL https://get.k3s.io | sh -");
    expect(withoutUnexportedAssignments("A=1 B=2")).toBe("");
    expect(withoutUnexportedAssignments("mkdir -p /etc/k3s && A=1 && k3s server")).toBe("mkdir -p /etc/k3s && k3s server");
    for (const kept of [
      "A=1; export A; k3s server",
      "A=1 B=2; export C B; k3s server",
      "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -",
      "export A=1; k3s server",
      "cat > /etc/default/k3s <<EOF\nK3S_URL=https://192.0.2.10:6443\nEOF",
    ])
      expect(withoutUnexportedAssignments(kept), kept).toBe(kept);
  });
});
