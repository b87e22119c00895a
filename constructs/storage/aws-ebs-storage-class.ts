import { Construct } from 'constructs';
import { constructError } from '../errors';
import { checkVolumeType, CsiStorageClassProps, csiStorageClassProps } from './csi-storage-class';
import { StorageClass } from './storage-class';

/** EBS volume types the AWS EBS CSI driver provisions. */
export enum EbsVolumeType {
  GP3 = 'gp3',
  GP2 = 'gp2',
  IO1 = 'io1',
  IO2 = 'io2',
  ST1 = 'st1',
  SC1 = 'sc1',
  STANDARD = 'standard',
}

export interface AwsEbsStorageClassProps extends CsiStorageClassProps {
  /** Volume type. Default gp3. */
  readonly type?: EbsVolumeType;
  /** Provisioned IOPS (gp3, io1, io2 only). */
  readonly iops?: number;
  /** IOPS per GiB (io1, io2 only); the driver multiplies by the claim size. */
  readonly iopsPerGB?: number;
  /** Throughput in MiB/s (gp3 only). */
  readonly throughput?: number;
  /** Encrypt volumes at rest. Default true. */
  readonly encrypted?: boolean;
  /** KMS key (ARN or id) for encryption. Default: the account's EBS default key. */
  readonly kmsKeyId?: string;
}

const IOPS_TYPES = [EbsVolumeType.GP3, EbsVolumeType.IO1, EbsVolumeType.IO2];

/** A StorageClass for the AWS EBS CSI driver (`ebs.csi.aws.com`), encrypted gp3 by default. */
export class AwsEbsStorageClass extends StorageClass {
  public static readonly PROVISIONER = 'ebs.csi.aws.com';

  constructor(scope: Construct, id: string, props: AwsEbsStorageClassProps = {}) {
    const type = props.type ?? EbsVolumeType.GP3;
    const parameters: Record<string, string> = { type, encrypted: String(props.encrypted ?? true) };
    if (props.iops !== undefined) parameters.iops = String(props.iops);
    if (props.iopsPerGB !== undefined) parameters.iopsPerGB = String(props.iopsPerGB);
    if (props.throughput !== undefined) parameters.throughput = String(props.throughput);
    if (props.kmsKeyId !== undefined) parameters.kmsKeyId = props.kmsKeyId;
    super(scope, id, csiStorageClassProps(props, AwsEbsStorageClass.PROVISIONER, parameters));
    checkVolumeType(this, type, EbsVolumeType, 'an EBS volume type');
    if (props.iops !== undefined) {
      if (!IOPS_TYPES.includes(type)) throw constructError(this, 'parameters.iops', `only gp3, io1 and io2 volumes take provisioned IOPS (type is ${type})`);
      if (!Number.isInteger(props.iops) || props.iops < 100) throw constructError(this, 'parameters.iops', `must be an integer of at least 100 (got ${props.iops})`);
    }
    if (props.iopsPerGB !== undefined) {
      if (type !== EbsVolumeType.IO1 && type !== EbsVolumeType.IO2) throw constructError(this, 'parameters.iopsPerGB', `only io1 and io2 volumes take IOPS per GiB (type is ${type})`);
      if (props.iops !== undefined) throw constructError(this, 'parameters.iopsPerGB', 'set either iops or iopsPerGB, not both');
      if (!(props.iopsPerGB > 0)) throw constructError(this, 'parameters.iopsPerGB', `must be positive (got ${props.iopsPerGB})`);
    }
    if (props.throughput !== undefined) {
      if (type !== EbsVolumeType.GP3) throw constructError(this, 'parameters.throughput', `only gp3 volumes take a throughput (type is ${type})`);
      if (!Number.isInteger(props.throughput) || props.throughput < 125) throw constructError(this, 'parameters.throughput', `must be an integer of at least 125 MiB/s (got ${props.throughput})`);
    }
    if (props.kmsKeyId !== undefined && props.encrypted === false) {
      throw constructError(this, 'parameters.kmsKeyId', 'a KMS key needs encrypted volumes (encrypted is false)');
    }
  }
}
