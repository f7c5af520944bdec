// The starter files `cog init` writes (spec cli.md §10.1), in the order the original creates
// them (name order of its embedded template tree). Content follows the original's templates,
// updated for 0.22: `run: "run.py:Runner"`, a `Runner(BaseRunner)` class with `run()`.

export interface StarterFile {
  /** Path relative to the project directory, `/`-separated. */
  path: string;
  content: string;
}

const dockerignore = `# The .dockerignore file excludes files from the container build process.
#
# https://docs.docker.com/engine/reference/builder/#dockerignore-file

# Exclude Git files
**/.git
**/.github
**/.gitignore

# Exclude Python version files
.python-version

# Exclude Python cache files
__pycache__
.mypy_cache
.pytest_cache
.ruff_cache

# Exclude Python virtual environment
/venv
`;

const pushWorkflow = `name: Push to Replicate

on:
  # Workflow dispatch allows you to manually trigger the workflow from GitHub.com
  # Go to your repo, click "Actions", click "Push to Replicate", click "Run workflow"
  workflow_dispatch:
    inputs:
      model_name:
        description: 'Enter the model name, like "alice/bunny-detector". If unset, this will default to the value of \`image\` in cog.yaml.'
  # # Uncomment these lines to trigger the workflow on every push to the main branch
  # push:
  #   branches:
  #     - main

jobs:
  push_to_replicate:
    name: Push to Replicate

    # If your model is large, the default GitHub Actions runner may not
    # have enough disk space. If you need more space you can set up a
    # bigger runner on GitHub.
    runs-on: ubuntu-latest

    steps:
      # This action cleans up disk space to make more room for your
      # model code, weights, etc.
      - name: Free disk space
        uses: jlumbroso/free-disk-space@v1.3.1
        with:
          tool-cache: false
          docker-images: false

      - name: Checkout
        uses: actions/checkout@v4

      # This action installs Docker buildx and Cog (and optionally CUDA)
      - name: Setup Cog
        uses: replicate/setup-cog@v2
        with:
          # Set REPLICATE_CLI_AUTH_TOKEN in your GitHub repository secrets
          # (get one at https://replicate.com/auth/token) so the action can
          # log in to Replicate and push your model
          token: \${{ secrets.REPLICATE_CLI_AUTH_TOKEN }}

      # If you trigger the workflow manually, you can specify the model name.
      # If you leave it blank (or if the workflow is triggered by a push), the
      # model name will be derived from the \`image\` value in cog.yaml.
      - name: Push to Replicate
        run: |
          if [ -n "\${{ inputs.model_name }}" ]; then
            cog push r8.im/\${{ inputs.model_name }}
          else
            cog push
          fi
`;

const cogYaml = `# Configuration for Cog ⚙️
# Reference: the cog.yaml page of Cog's user guide (docs/user/cog-yaml.md; cog init prints
# where the guide is installed)

build:
  # set to true if your model requires a GPU
  gpu: false

  # a list of ubuntu apt packages to install
  # system_packages:
  #   - "libgl1"
  #   - "libglib2.0-0"

  # python version in the form '3.13' or '3.13.1'
  python_version: "3.13"

  # path to a Python requirements.txt file
  python_requirements: requirements.txt

  # commands run after the environment is setup
  # run:
  #   - "echo env is ready!"
  #   - "echo another command if needed"

# run.py defines how predictions are run on your model
run: "run.py:Runner"
`;

const requirements = `# This is a normal requirements.txt file.

# You can add dependencies directly from PyPI:
#
# numpy==1.26.4
# torch==2.2.1
# torchvision==0.17.1

# You can also add Git repos as dependencies, but you'll need to add git to the system_packages list in cog.yaml:
#
# build:
#   system_packages:
#     - "git"
#
# Then you can use a URL like this:
#
# git+https://github.com/huggingface/transformers

# You can also pin Git repos to a specific commit:
#
# git+https://github.com/huggingface/transformers@2d1602a
`;

const runPy = `# Prediction interface for Cog ⚙️
# Reference: the Python SDK page of Cog's user guide (docs/user/python-sdk.md)

from cog import BaseRunner, Input


class Runner(BaseRunner):
    def setup(self) -> None:
        """Load the model into memory to make running multiple predictions efficient"""
        # self.model = torch.load("./weights.pth")
        self.greeting = "hello"

    def run(
        self,
        text: str = Input(description="Text to greet"),
        repeat: int = Input(description="How many times to greet", ge=1, le=10, default=1),
    ) -> str:
        """Run a single prediction on the model"""
        # Replace this with your model: preprocess the inputs, call self.model, and
        # return its output (a str, int, float, bool, cog.Path, a list or an iterator).
        return " ".join([f"{self.greeting} {text}"] * repeat)
`;

export const starterFiles: readonly StarterFile[] = [
  { path: '.dockerignore', content: dockerignore },
  { path: '.github/workflows/push.yaml', content: pushWorkflow },
  { path: 'cog.yaml', content: cogYaml },
  { path: 'requirements.txt', content: requirements },
  { path: 'run.py', content: runPy },
];
