// `npx cdk synth` / `npx cdk deploy` in this folder (cdk.json). Not part of cdk8s.yaml's app:
// `kapstan synth` and `npm start` never load aws-cdk-lib.
import * as cdk from 'aws-cdk-lib';
import { EksPlatform } from './platform';

const app = new cdk.App();
new EksPlatform(app, 'KapstanEks', {
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  adminRoleArn: app.node.tryGetContext('adminRoleArn'),
});
app.synth();
