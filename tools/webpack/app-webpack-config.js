// Every app builds the same way: one bundle at dist/apps/<app>/main.js with the
// libs compiled in and node_modules left external. Types are checked by
// `npm run typecheck`, not here, so builds stay fast.
const path = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

const root = path.resolve(__dirname, '../..');

exports.appWebpackConfig = function appWebpackConfig(app) {
  return {
    context: root,
    output: { path: path.join(root, 'dist/apps', app), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: `apps/${app}/src/main.ts`,
        tsConfig: `apps/${app}/tsconfig.app.json`,
        outputHashing: 'none',
        optimization: false,
        generatePackageJson: false,
        skipTypeChecking: true,
        sourceMap: true,
        externalDependencies: 'all',
      }),
    ],
  };
};
