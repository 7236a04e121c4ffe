tkShard("77-69",[
["with",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
