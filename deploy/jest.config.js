// Static checks of the deployment files (Dockerfile, docker-compose.yml, k8s/)
// against the code: nothing here starts a container.
module.exports = { ...require('../jest.preset.js'), displayName: 'deploy', rootDir: __dirname };
