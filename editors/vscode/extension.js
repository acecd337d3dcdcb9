// Starts `roadbook lsp` for the Markdown and TOML files of a Roadbook site.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("roadbook").get("path") || "roadbook";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("roadbook", "Roadbook", server, {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "toml" },
    ],
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
